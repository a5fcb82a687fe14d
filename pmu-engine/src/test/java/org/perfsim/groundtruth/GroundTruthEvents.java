package org.perfsim.groundtruth;

import java.util.List;
import java.util.stream.Stream;

/**
 * Event strings to run through the installed perf 6.1 and through perfsim, grouped by what they
 * exercise. Whether perf accepts each one is the binary's call; {@link #INVALID} lists the ones it
 * rejects (as observed) so that tables of rejections stay honest. PMU-form events ({@code cpu/...})
 * are absent: this machine has no {@code cpu} PMU, so its perf cannot stand in for an Intel host.
 * Periods are large because perf record here falls back to sampling cpu-clock: {@code period=1000}
 * (one sample per microsecond) keeps it busy for seconds.
 */
public final class GroundTruthEvents {

  public static final List<String> HARDWARE = List.of("cycles", "cpu-cycles", "instructions",
      "cache-references", "cache-misses", "branches", "branch-instructions", "branch-misses",
      "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend", "idle-cycles-frontend",
      "idle-cycles-backend", "ref-cycles");

  public static final List<String> SOFTWARE = List.of("cpu-clock", "task-clock", "page-faults",
      "faults", "context-switches", "cs", "cpu-migrations", "migrations", "minor-faults",
      "major-faults", "alignment-faults", "emulation-faults", "dummy");

  public static final List<String> RAW = List.of("r1c2", "r0", "r3c", "rc0:u", "r1c2:pp",
      "r1c2/period=50000/", "r1c2:", "r1c2/config=5/", "r1c2/period=50000/:pp", "4:0x1c2", "4:0x1c2:u",
      "1:1");

  /** Every modifier alone, then combinations, on cycles. */
  public static final List<String> MODIFIERS = List.of("cycles:u", "cycles:k", "cycles:h",
      "cycles:G", "cycles:H", "cycles:p", "cycles:pp", "cycles:ppp", "cycles:P", "cycles:S",
      "cycles:D", "cycles:I", "cycles:W", "cycles:e", "cycles:b",
      "cycles:uk", "cycles:ku", "cycles:ukh", "cycles:uG", "cycles:uH", "cycles:kH", "cycles:kG",
      "cycles:pG", "cycles:pH", "cycles:ppH", "cycles:ppG", "cycles:GH", "cycles:HG", "cycles:pu",
      "cycles:up", "cycles:upp", "cycles:ppu", "cycles:pk", "cycles:kp", "cycles:Pu", "cycles:Pk",
      "cycles:PH", "cycles:PG", "cycles:pP", "cycles:pPp", "cycles:pS", "cycles:uS", "cycles:uD",
      "cycles:ue", "cycles:uI", "cycles:uW", "cycles:pI", "cycles:kpp", "cycles:hp",
      "cycles:ukhGHpppPSDIWeb", "cycles:ukhGHppPSDIWeb");

  public static final List<String> OTHER_BASES = List.of("instructions:u", "instructions:pp",
      "cpu-clock:u", "cpu-clock:p", "task-clock:k", "page-faults:H", "r1c2:k", "branch-misses:ppH",
      "cache-misses:G", "ref-cycles:P", "cs:uk");

  public static final List<String> CONFIG_TERMS = List.of("cycles/period=100000/",
      "cycles/period=100000/pp", "cycles/name=foo/", "cycles/name=foo/u", "cycles/config=5/",
      "cycles/config1=5,config2=7/", "cycles//", "cycles//u", "cycles:", "instructions/period=0x100000/k",
      "cycles/freq=99/", "cycles ", " cycles:u");

  public static final List<String> CACHE = List.of("L1-dcache-load-misses", "LLC-prefetch-miss:u",
      "dTLB-load-misses:ppp", "L1-dcache-misses-loads", "l1d-loads/period=100000/", "branch-loads",
      "node-read-access:k");

  public static final List<String> GROUPS = List.of("{cycles,instructions}",
      "{cycles,instructions}:u", "{cycles,instructions}:k", "{cycles,instructions}:pp",
      "{cycles:u,instructions}:k", "{cycles:pp,instructions}:p", "{cycles:P,instructions}:u",
      "{cycles:S,instructions}:u", "{cpu-clock,cycles:u,instructions:D}:k",
      "{cycles,instructions}:D", "{cycles,instructions}:W", "{cycles,instructions}:S",
      "{cycles,instructions}:P", "{cycles,instructions}:G", "{cycles,instructions}:H", "{cycles}",
      "{cycles}:ppp", "{cpu-clock,task-clock}:u", "{cpu-clock:k,task-clock:pp}:H",
      "{cpu-clock:u,task-clock:k}", "{cpu-clock,task-clock:D,page-faults:e}:e",
      "{cpu-clock:p,task-clock}:G", "grp{cycles,instructions}:u", "{cycles");

  public static final List<String> LISTS = List.of("cycles,instructions",
      "cycles:u,instructions:k", "cycles:pp,cpu-clock:u,r1c2", "cpu-clock,task-clock:u,page-faults:k",
      "cpu-clock,{task-clock,page-faults}:u,cs:p");

  /** Strings perf 6.1 rejects: with a report, or (L1-icache-stores) silently. */
  public static final List<String> INVALID = List.of("foo", "cycles:x", "cycles:pppp", "cycles:kk",
      "cycles:uu", "cycles::p", ":p", "cycles,", ",cycles", "cycles,,instructions", "",
      "cycles:pp:u", "CYCLES", "cycles/", "cycles/foo=1/", "r12g", "r0x12", "rffffffffffffffffff",
      "cycles/period=100000/:pp", "{cycles}:", "{cycles}u", "cycles}", "{cycles,instructions}:kk",
      "{cycles:pp,instructions}:pp", "cycles:kk:u", "cycles,foo", "instructions:u,foo:u",
      "L1-dcache-foo", "L1-icache-stores",
      "cycles:pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp",
      "cycles:ukhGHpppPSDIWebx", "cycles:pu:p", "cycles/period=foo/", "cycles:uuuuuuuuuuuuuuuuu",
      "cycles,instructions,cache-misses,branch-misses,cycles:kk", "cycles/name/",
      "{cycles,{instructions}}", "instructions,cycles/foo=1/", "loads{cycles}", "{}", "cycles:u:",
      "cycles/period=1,foo/");

  private GroundTruthEvents() {}

  /** Every string above, valid ones first. */
  public static List<String> all() {
    return Stream.of(HARDWARE, SOFTWARE, RAW, MODIFIERS, OTHER_BASES, CONFIG_TERMS, CACHE, GROUPS,
        LISTS, INVALID).flatMap(List::stream).toList();
  }
}
