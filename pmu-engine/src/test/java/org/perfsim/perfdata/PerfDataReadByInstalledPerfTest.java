package org.perfsim.perfdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.groundtruth.InstalledPerf;
import org.perfsim.groundtruth.PerfRun;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.Host;
import org.perfsim.session.HostSpec;
import org.perfsim.session.ModeSamples;
import org.perfsim.session.SessionResult;

/**
 * The installed perf 6.1 reads every perf.data file perfsim writes without a warning, and what it shows equals
 * perfsim's own result: {@code perf report} counts every sample and the lost ones, {@code perf script} lists
 * the host samples, {@code perf kvm --host --guest report} splits them by cpumode ([k] [.] host, [g] [u] guest)
 * and by task (the host task, each guest's vCPU threads). The file's content depends on the simulated CPU, not
 * on this machine, so it holds on Intel and AMD alike.
 */
class PerfDataReadByInstalledPerfTest {
  private static final Pattern SAMPLES_BY_SYMBOL = Pattern.compile("^\\s*[\\d.]+%\\s+(\\d+)\\s+\\[(.)\\]",
      Pattern.MULTILINE);
  private static final Pattern SAMPLES_BY_COMM = Pattern.compile("^\\s*[\\d.]+%\\s+(\\d+)\\s+(\\S+)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern LOST = Pattern.compile("^# Total Lost Samples: (\\d+)$", Pattern.MULTILINE);

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} on {1} with perf {2}: {3}, first {4} per CPU")
  @CsvSource({
      "3.8,    ivybridge, 6.1, cycles:P,   5000",
      "3.8,    ivybridge, 3.6, cycles:pp,  100000",
      "modern, ivybridge, 6.1, cycles:k,   5000",
      "modern, skylake,   6.1, cycles:P,   5000",
      "modern, amd-zen,   6.1, cycles:k,   5000",
      "3.6,    amd-zen,   6.1, cycles:u,   5000",
      "3.8,    ivybridge, 6.1, cycles:k,   40",
  })
  void perfReadsTheFileAndCountsWhatPerfsimCounted(String kernel, String cpu, String perf, String event,
      int samplesPerCpu) throws IOException {
    InstalledPerf.assumeAvailable();
    HostSpec spec = HostSpec.of("host-1", CpuModel.byId(cpu).orElseThrow(), KernelPolicy.byId(kernel).orElseThrow(),
        PerfGeneration.byId(perf).orElseThrow(), 2, 2, 0.6);
    Host.Finished finished = new Host(spec, 50_000_000L).runWithPerfData(
        List.of("perf", "record", "-e", event, "-a", "--", "sleep", "0.3"), Optional.empty(), 7,
        spec.bootGuests(), samplesPerCpu);
    SessionResult result = finished.result();
    Path file = dir.resolve("host-1.perf.data");
    Files.write(file, finished.perfData().orElseThrow().bytes());
    ModeSamples modes = result.samplesByMode();
    boolean bounded = modes.host() + modes.guest() > 2L * samplesPerCpu;

    PerfRun report = InstalledPerf.run("report", "--stdio", "-i", file.toString());
    assertEquals(0, report.exitCode(), report::stderr);
    assertEquals(lostNotice(result), report.stderr().strip(), "perf's stderr");
    assertEquals(result.pebsRecordsIntoGuests(), Long.parseLong(find(LOST, report.stdout())),
        "PEBS records written into guests are samples perf lost");

    PerfRun byMode = InstalledPerf.run("kvm", "--host", "--guest", "report", "--stdio", "-n", "--sort", "sym", "-i",
        file.toString());
    assertEquals(lostNotice(result), byMode.stderr().strip(), "perf kvm report's stderr");
    Map<String, Long> levels = sum(SAMPLES_BY_SYMBOL, byMode.stdout(), 2);
    if (!bounded) {
      assertEquals(Map.of("k", modes.hostKernel(), ".", modes.hostUser(), "g", modes.guestKernel(), "u",
          modes.guestUser()), withZeros(levels, "k", ".", "g", "u"), "samples by cpumode");
    } else {
      assertEquals(2L * samplesPerCpu, levels.values().stream().mapToLong(Long::longValue).sum(),
          "a bounded file holds the first samples of each CPU");
      PerfRun header = InstalledPerf.run("report", "--header-only", "-i", file.toString());
      assertTrue(header.stdout().contains("[perfsim: first " + samplesPerCpu + " samples per CPU of "
          + (modes.host() + modes.guest()) + " written; host user " + modes.hostUser() + ", host kernel "
          + modes.hostKernel() + ", guest user " + modes.guestUser() + ", guest kernel " + modes.guestKernel()
          + "]"), header::stdout);
      return;
    }

    PerfRun byTask = InstalledPerf.run("kvm", "--host", "--guest", "report", "--stdio", "-n", "--sort", "comm",
        "-i", file.toString());
    Map<String, Long> tasks = sum(SAMPLES_BY_COMM, byTask.stdout(), 2);
    assertEquals(result.hostSamples(), tasks.getOrDefault(SimulatedTasks.HOST_COMM, 0L), "the host task's samples");
    // perf shows a guest sample's thread in the guest's machine, where only its id is known: ":TID"
    SimulatedTasks simulated = new SimulatedTasks(spec.pcpus());
    Map<Integer, Long> byGuest = new TreeMap<>();
    for (int g = 0; g < spec.guests().size(); g++) {
      long n = 0;
      for (int c = 0; c < spec.pcpus(); c++) {
        n += tasks.getOrDefault(":" + simulated.guestTid(g, c), 0L);
      }
      byGuest.put(g, n);
    }
    assertEquals(result.guestSamples(), byGuest, "samples by guest");
    assertEquals(tasks.keySet().stream().filter(k -> !k.equals(SimulatedTasks.HOST_COMM) && !k.startsWith(":"))
        .toList(), List.of(), "no other task");

    PerfRun script = InstalledPerf.run("script", "-F", "comm,tid,cpu,time,ip", "-i", file.toString());
    assertEquals(lostNotice(result), script.stderr().strip(), "perf script's stderr");
    List<String> lines = script.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(modes.host(), lines.size(), "perf script lists the host samples");
    assertTrue(lines.stream().allMatch(l -> l.strip().startsWith(SimulatedTasks.HOST_COMM + " ")), script::stdout);
  }

  /**
   * perf's own notice when more than 5% of the samples were lost (perf_session__warn_about_errors): here the PEBS
   * records the assist wrote into guest memory. The only text perf may print on stderr, and only then.
   */
  private static String lostNotice(SessionResult result) {
    long lost = result.pebsRecordsIntoGuests();
    long samples = result.samplesByMode().host() + result.samplesByMode().guest();
    double rate = (double) lost / (samples + lost);
    return rate > 0.05 ? String.format("Warning:%nProcessed %d samples and lost %3.2f%%!", samples + lost,
        rate * 100) : "";
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), () -> pattern + " not in:\n" + text);
    return m.group(1);
  }

  private static Map<String, Long> sum(Pattern pattern, String text, int keyGroup) {
    Map<String, Long> sums = new TreeMap<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      sums.merge(m.group(keyGroup), Long.parseLong(m.group(1)), Long::sum);
    }
    return sums;
  }

  private static Map<String, Long> withZeros(Map<String, Long> found, String... keys) {
    Map<String, Long> all = new TreeMap<>(found);
    for (String key : keys) {
      all.putIfAbsent(key, 0L);
    }
    return all;
  }
}
