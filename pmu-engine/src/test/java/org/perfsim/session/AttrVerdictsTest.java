package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.Errno;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.PerfCommandParser;

/** The verdicts attr --from prints: the 2012 story for the 3.6 binary's cycles:pp, and who is safe. */
class AttrVerdictsTest {

  @ParameterizedTest(name = "{0} from perf {1} on {2}, kernel {3}: {4}")
  @CsvSource({
      "cycles:pp,  3.6, ivybridge, 3.6,      HURT,       ",
      "cycles:pp,  3.6, ivybridge, 3.7-rc,   NOT_OPENED, EOPNOTSUPP",
      "cycles:pp,  3.6, ivybridge, 3.8,      HURT,       ",
      "cycles:pp,  3.6, ivybridge, modern,   SAFE,       ",
      "cycles:pp,  3.6, ivybridge, 2026-fix, AT_RISK,    ",
      "cycles:pp,  3.6, skylake,   2026-fix, SAFE,       ",
      "cycles:ppH, 3.6, ivybridge, 3.6,      SAFE,       ",
      "cycles,     3.6, ivybridge, 3.6,      SAFE,       ",
  })
  void verdictOfTheAttrPerfSent(String event, String perf, String cpu, String kernel, AttrVerdicts.Guests guests,
      String errno) {
    byte[] attr = AttrCodec.encode(AttrBuilder.build(PerfCommandParser.parse(List.of("perf", "record", "-e", event,
        "--", "true"), PerfGeneration.byId(perf).orElseThrow()).orElseThrow()).get(0).attr());

    AttrVerdicts.Verdict v = AttrVerdicts.of(attr, KernelPolicy.byId(kernel).orElseThrow(),
        CpuModel.byId(cpu).orElseThrow());
    assertEquals(guests, v.guests(), v::toString);
    assertEquals(Optional.ofNullable(errno).map(Errno::valueOf), v.errno(), v::toString);
  }
}
