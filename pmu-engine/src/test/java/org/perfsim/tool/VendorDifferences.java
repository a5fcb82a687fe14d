package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.cpu.Vendor;
import org.perfsim.events.PerfGeneration;
import org.perfsim.groundtruth.GroundTruthMachine;

/**
 * How the ground-truth tests stay meaningful when perfsim is told another CPU vendor than the one
 * the installed perf runs on ({@code -Dperfsim.test.cpu-vendor=intel|amd}).
 *
 * <p>The binary can only show what it does on this machine's vendor. So each comparison is two:
 * perfsim told the real vendor must print exactly what the binary printed (the usual ground
 * truth, so a forced run cannot hide a mismatch), and perfsim told the forced vendor must print the
 * binary's fields after applying the vendor differences documented in docs/SOURCES.md ("Perf
 * tool: CPU vendor and texts per generation"), restated here independently of perfsim's code.
 * Both can fail: a vendor rule perfsim forgot, applies to the wrong events or gets the wrong way
 * round makes the second comparison differ in that field; any other field must not move at all.
 * When the forced vendor is the real one, the differences are the identity and the second
 * comparison is the first.
 */
final class VendorDifferences {

  private VendorDifferences() {}

  /**
   * What perf 6.1 prints for event {@code index} of {@code command} on a {@code to} machine, given
   * what it printed on a {@code from} machine. The one difference perf 6.1 has: the default cycles
   * event of perf record (no {@code -e}) has exclude_guest=1 except on AMD
   * (arch_evsel__fixup_new_cycles).
   */
  static Map<String, String> asOn(Vendor to, Vendor from, PerfCommand command, int index,
      Map<String, String> printed) {
    boolean defaultCycles = command.generation() == PerfGeneration.V6_1 && command.defaultEvents()
        && command.verb() == PerfVerb.RECORD && index == 0;
    if (to == from || !defaultCycles) {
      return printed;
    }
    Map<String, String> moved = new LinkedHashMap<>(printed);
    if (to == Vendor.AMD) {
      moved.remove("exclude_guest");
    } else {
      moved.put("exclude_guest", "1");
    }
    return moved;
  }

  /** perfsim's 6.1 command for {@code argv} on this machine with CPU vendor {@code vendor}. */
  static PerfCommand perfsim61(List<String> argv, Vendor vendor) {
    return PerfCommandParser.parse(argv, PerfGeneration.V6_1, GroundTruthMachine.environment(vendor))
        .orElseThrow();
  }

  /**
   * Asserts both comparisons for the first {@code compared} events of {@code argv}: perfsim on the
   * real vendor equals {@code theirs}; perfsim on the forced vendor equals {@code theirs} moved to
   * the forced vendor.
   */
  static void assertAttrsMatch(List<String> argv, List<Map<String, String>> theirs, int compared) {
    Vendor real = GroundTruthMachine.realVendor();
    Vendor forced = GroundTruthMachine.forcedVendor();
    PerfCommand onReal = perfsim61(argv, real);
    PerfCommand onForced = perfsim61(argv, forced);
    List<ConfiguredEvent> oursReal = AttrBuilder.build(onReal);
    List<ConfiguredEvent> oursForced = AttrBuilder.build(onForced);
    for (int i = 0; i < compared; i++) {
      String what = "attr of event " + i + " (" + oursReal.get(i).name() + ")";
      assertEquals(theirs.get(i), AttrPrinter.fields(oursReal.get(i).attr()), what + " on " + real);
      assertEquals(asOn(forced, real, onForced, i, theirs.get(i)),
          AttrPrinter.fields(oursForced.get(i).attr()), what + " told " + forced + ", perf ran on " + real);
    }
  }
}
