package org.perfsim.groundtruth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.perfsim.cpu.Vendor;
import org.perfsim.tool.ToolEnvironment;

/**
 * The machine the ground-truth tests run the installed perf on, as perfsim needs to know it: the
 * CPU vendor (perf's vendor branches, e.g. 6.1's default cycles event on AMD), the online CPUs,
 * {@code perf_event_paranoid}, root or not, and {@code perf_event_max_sample_rate}.
 *
 * <p>The vendor is what the binary itself says it uses ({@code perf record -vv} prints
 * {@code Using CPUID AuthenticAMD-25-1-1} or {@code GenuineIntel-6-CF-2}); without the binary,
 * {@code /proc/cpuinfo}'s {@code vendor_id}. {@value #VENDOR_PROPERTY}{@code =intel|amd} (passed
 * through surefire) forces the vendor perfsim is told, to run the whole suite as if on the other
 * vendor; the ground-truth tests then compare through {@code VendorDifferences}.
 */
public final class GroundTruthMachine {

  /** System property that forces the vendor perfsim is told: {@code intel} or {@code amd}. */
  public static final String VENDOR_PROPERTY = "perfsim.test.cpu-vendor";

  private static final Pattern CPUID = Pattern.compile("^Using CPUID (\\S+)", Pattern.MULTILINE);
  private static final Pattern VENDOR_ID = Pattern.compile("^vendor_id\\s*:\\s*(\\S+)",
      Pattern.MULTILINE);
  private static volatile Vendor detected;

  private GroundTruthMachine() {}

  /** The vendor of this machine, as the installed perf (else /proc/cpuinfo) reports it. */
  public static Vendor realVendor() {
    Vendor known = detected;
    if (known == null) {
      known = detect();
      detected = known;
    }
    return known;
  }

  /** The vendor perfsim is told: {@value #VENDOR_PROPERTY} when set, else the real one. */
  public static Vendor forcedVendor() {
    return forced(System.getProperty(VENDOR_PROPERTY, "")).orElseGet(GroundTruthMachine::realVendor);
  }

  /** {@code intel}/{@code amd} (any case), blank for none; anything else is a clear error. */
  static Optional<Vendor> forced(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "" -> Optional.empty();
      case "intel" -> Optional.of(Vendor.INTEL);
      case "amd" -> Optional.of(Vendor.AMD);
      default -> throw new IllegalArgumentException(
          VENDOR_PROPERTY + ": '" + value + "' is not a vendor perfsim can force (intel, amd)");
    };
  }

  /** This machine, as the perf tool sees it, with CPU vendor {@code vendor}. */
  public static ToolEnvironment environment(Vendor vendor) {
    return new ToolEnvironment(vendor, onlineCpus(), readInt("/proc/sys/kernel/perf_event_paranoid", 2),
        isRoot(), readInt("/proc/sys/kernel/perf_event_max_sample_rate",
            ToolEnvironment.DEFAULT_MAX_SAMPLE_RATE), false);
  }

  /** The vendor in {@code perf -vv}'s {@code Using CPUID ...} line, if it printed one. */
  static Optional<Vendor> vendorFromPerfVerbose(String stderr) {
    Matcher m = CPUID.matcher(stderr);
    return m.find() ? Optional.of(vendorOfCpuid(m.group(1))) : Optional.empty();
  }

  /** {@code vendor_id} of /proc/cpuinfo's first processor, if it has one (x86 only). */
  static Optional<Vendor> vendorFromCpuinfo(String cpuinfo) {
    Matcher m = VENDOR_ID.matcher(cpuinfo);
    return m.find() ? Optional.of(vendorOfCpuid(m.group(1))) : Optional.empty();
  }

  /**
   * perf's cpuid string: x86 {@code VENDOR-family-model-stepping}, arm64 the MIDR as {@code 0x...}.
   * perf's vendor branches test for {@code AuthenticAMD} alone (x86__is_amd_cpu,
   * arch_evsel__fixup_new_cycles), so any other x86 vendor behaves as Intel does.
   */
  static Vendor vendorOfCpuid(String cpuid) {
    if (cpuid.startsWith("AuthenticAMD")) {
      return Vendor.AMD;
    }
    return cpuid.startsWith("0x") ? Vendor.ARM : Vendor.INTEL;
  }

  private static Vendor detect() {
    if (InstalledPerf.available()) {
      PerfRun run = InstalledPerf.run(InstalledPerf.recordArgv("cpu-clock", "--no-bpf-event"));
      // a successful record of cpu-clock prints the CPUID line like any other
      Optional<Vendor> said = vendorFromPerfVerbose(run.stderr());
      if (said.isPresent()) {
        return said.get();
      }
    }
    return vendorFromCpuinfo(read("/proc/cpuinfo").orElse("")).orElseThrow(() -> new IllegalStateException(
        "cannot tell this machine's CPU vendor: no 'Using CPUID' from perf -vv and no vendor_id in "
            + "/proc/cpuinfo; set -D" + VENDOR_PROPERTY + "=intel|amd"));
  }

  private static int onlineCpus() {
    // "0-3,6": perf opens per-CPU events on the online map
    Optional<String> online = read("/sys/devices/system/cpu/online");
    if (online.isEmpty()) {
      return Runtime.getRuntime().availableProcessors();
    }
    int count = 0;
    for (String range : online.get().strip().split(",")) {
      String[] ends = range.split("-");
      count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
    }
    return count;
  }

  private static boolean isRoot() {
    return read("/proc/self/status").map(s -> s.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*")))
        .orElse(false);
  }

  private static int readInt(String path, int fallback) {
    return read(path).map(s -> Integer.parseInt(s.strip())).orElse(fallback);
  }

  /**
   * The file's text read with one large buffer: /proc/sys files report size 0, and reading them in
   * small steps returned only the first byte here ("1" for a max sample rate of 100000).
   */
  private static Optional<String> read(String path) {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      byte[] buffer = new byte[1 << 20];
      int n = in.readNBytes(buffer, 0, buffer.length);
      return Optional.of(new String(buffer, 0, n, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** For a report line: which vendor was detected and which perfsim is told. */
  public static String describe() {
    return "CPU vendor: " + realVendor() + " (this machine), perfsim told " + forcedVendor()
        + (System.getProperty(VENDOR_PROPERTY, "").isBlank() ? "" : " (forced by -D" + VENDOR_PROPERTY + ")");
  }
}
