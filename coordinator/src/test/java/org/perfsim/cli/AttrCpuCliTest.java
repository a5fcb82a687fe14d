package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;

/** {@code perfsim attr --cpu MODEL}: the model's vendor decides perf's vendor rules. */
class AttrCpuCliTest {

  private static JsonNode defaultEventOn(String... cpuOption) throws Exception {
    String[] all = concat(new String[] {"attr", "--json"}, cpuOption,
        new String[] {"--", "perf", "record", "--", "true"});
    CliVerbsTest.Run r = CliVerbsTest.run(all);
    assertEquals(0, r.status(), r.err());
    return new ObjectMapper().readTree(r.out()).get(0);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  void onAnAmdCpuPerf61sDefaultCyclesHasNoExcludeGuest() throws Exception {
    JsonNode attr = defaultEventOn("--cpu", "amd-zen");

    assertEquals(0, attr.get("exclude_guest").asInt());
    assertEquals(3, attr.get("precise_ip").asInt());
  }

  @Test
  void onAnIntelCpuPerf61sDefaultCyclesExcludesGuests() throws Exception {
    assertEquals(1, defaultEventOn("--cpu", "skylake").get("exclude_guest").asInt());
  }

  @Test
  void withoutCpuTheDefaultModelDecides() throws Exception {
    assertEquals(defaultEventOn("--cpu", CpuModel.DEFAULT.id()), defaultEventOn());
  }

  @Test
  void anUnknownCpuNamesTheOptionAndTheValidModels() {
    CliVerbsTest.Run r = CliVerbsTest.run("attr", "--cpu", "pentium", "-e", "cycles");

    assertEquals(2, r.status());
    assertTrue(r.err().contains("--cpu: unknown value 'pentium' (valid: " + CpuModel.validIds() + ")"), r.err());
  }

  @Test
  void helpDocumentsTheDefaultCpu() {
    CliVerbsTest.Run r = CliVerbsTest.run("attr", "--help");

    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("--cpu") && help.contains("default " + CpuModel.DEFAULT.id()), r.out());
  }
}
