package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perfsim.api.v1.HostSelector;

/** The {@code --hosts} syntax of {@code perfsim run}, turned into the API's HostSelector. */
class RunSelectorTest {

  @Test
  void eachFormBecomesItsSelection() {
    assertTrue(RunCommand.selector("all").getAll());
    assertEquals(3, RunCommand.selector("3").getCount());
    assertEquals(12.5, RunCommand.selector("12.5%").getPercent());
    assertEquals(List.of("host-2", "web-a"), RunCommand.selector("host-2,web-a").getIds().getIdsList());
    assertEquals(Map.of("rack", "r12", "zone", "b"),
        RunCommand.selector("rack=r12,zone=b").getLabels().getMatchLabelsMap());
    assertEquals(HostSelector.SelectionCase.COUNT, RunCommand.selector(" 2 ").getSelectionCase());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rack=r1,host-2", "host-1,,host-2", "", "99999999999"})
  void aMalformedSelectorIsABadChoiceNamingTheOption(String text) {
    Choices.BadChoice bad = assertThrows(Choices.BadChoice.class, () -> RunCommand.selector(text));
    assertTrue(bad.getMessage().startsWith("--hosts: "), bad.getMessage());
  }
}
