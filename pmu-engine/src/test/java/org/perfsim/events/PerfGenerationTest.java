package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrSize;

class PerfGenerationTest {

  @ParameterizedTest(name = "{0} sends {1}")
  @CsvSource({"3.6, VER2, 80", "3.7, VER3, 96", "6.1, VER7, 128", "modern, VER8, 136"})
  void eachGenerationSendsTheAttrSizeOfItsHeaders(String id, AttrSize size, int bytes) {
    PerfGeneration generation = PerfGeneration.byId(id).orElseThrow();

    assertEquals(size, generation.attrSize());
    assertEquals(bytes, generation.attrSize().bytes());
    assertEquals(id, generation.id());
  }

  @ParameterizedTest(name = "''{0}'' is no generation")
  @CsvSource({"3.8", "6", "moderne", "''"})
  void unknownIdsAreEmpty(String id) {
    assertEquals(Optional.empty(), PerfGeneration.byId(id));
    assertTrue(PerfGeneration.validIds().contains("modern"));
  }

  @ParameterizedTest(name = "{0}: p->eG {1}, u->eG {2}, default eG {3}, P fallback {4}, eG fallback {5}")
  @CsvSource({
      "V3_6,   false, false, true,  false, false",
      "V3_7,   true,  false, true,  false, false",
      "V6_1,   true,  true,  true,  true,  false",
      "MODERN, false, false, false, true,  true"})
  void excludeGuestRulesFollowEachEraSource(PerfGeneration generation, boolean precise,
      boolean user, boolean byDefault, boolean lowersPreciseMax, boolean fallsBack) {
    assertEquals(precise, generation.preciseSetsExcludeGuest());
    assertEquals(user, generation.userSetsExcludeGuest());
    assertEquals(byDefault, generation.defaultExcludesGuest());
    assertEquals(lowersPreciseMax, generation.lowersPreciseMax());
    assertEquals(fallsBack, generation.fallsBackToExcludeGuest());
  }

  @ParameterizedTest(name = "{0} knows {1}: {2}")
  @CsvSource({
      "V3_6, u, true", "V3_6, G, true", "V3_6, p, true", "V3_6, P, false", "V3_6, S, false",
      "V3_7, H, true", "V3_7, D, false", "V3_7, I, false", "V3_7, W, false", "V3_7, e, false",
      "V6_1, P, true", "V6_1, S, true", "V6_1, D, true", "V6_1, I, true", "V6_1, W, true",
      "V6_1, e, true", "V6_1, b, true", "V6_1, x, false", "MODERN, P, true", "MODERN, e, true"})
  void twentyTwelveBinariesKnowOnlyUkhGHp(PerfGeneration generation, char letter, boolean known) {
    assertEquals(known, generation.knowsModifier(letter));
  }
}
