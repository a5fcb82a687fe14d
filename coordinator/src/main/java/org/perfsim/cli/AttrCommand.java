package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.AttrPrinter;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.ConfiguredEvent;
import org.perfsim.tool.PerfCommandParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim attr}: the struct perf_event_attr a perf binary would send, as perf -vv prints it or as JSON. */
@Command(name = "attr", mixinStandardHelpOptions = true,
    description = {"Prints every perf_event_attr field a perf binary would send for the events.",
        "Either -e EVENTS (as 'perf record -e EVENTS'), or a whole command line after --:",
        "  perfsim attr --perf-version 3.6 -- perf record -e cycles:pp -ag -- sleep 10",
        "Or --from FILE (- for stdin): an attr as your real perf sent it (hex bytes, the perf_event_attr: block of "
            + "perf record -vv / perf stat -vv, or an strace -e perf_event_open line), and what every kernel policy "
            + "on each CPU model answers to it and whether guests would be hurt:",
        "  perf record -vv -e cycles:P -o /dev/null -- true 2>&1 | perfsim attr --from -"})
public final class AttrCommand implements Callable<Integer> {
  @Option(names = "--perf-version", defaultValue = Defaults.PERF, description = "perf generation: 3.6, 3.7, 6.1, modern")
  String perfVersion;

  @Option(names = "--cpu", description = "CPU model of the host perf runs on (as in matrix --cpus; default "
      + "ivybridge): its vendor decides perf's vendor rules, e.g. perf 6.1's default cycles event has no "
      + "exclude_guest on AMD")
  String cpu;

  @Option(names = {"-e", "--event"}, description = "events, in perf's syntax")
  String events;

  @Option(names = "--json", description = "JSON array of objects with the kernel's field names and the bytes")
  boolean json;

  @Option(names = "--from", paramLabel = "FILE", description = "read the attr from FILE (- for stdin) instead of "
      + "building it; --cpu then names the one CPU model to ask (default: every model)")
  String from;

  @Parameters(description = "perf record|stat OPTIONS -- WORKLOAD (after --)")
  List<String> commandLine = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (from != null) {
      if (events != null || !commandLine.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --from FILE, -e EVENTS or a command "
            + "line, not several");
      }
      return AttrVerdictsText.print(from, cpu == null ? List.of(CpuModel.values()) : List.of(Choices.cpu(cpu, "--cpu")),
          json);
    }
    PerfGeneration generation = Choices.generation(perfVersion, "--perf-version");
    CpuModel host = cpu == null ? CpuModel.DEFAULT : Choices.cpu(cpu, "--cpu");
    List<String> argv;
    if (events != null && !commandLine.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give -e EVENTS or a command line, not both");
    } else if (events != null) {
      argv = List.of("perf", "record", "-e", events, "--", "true");
    } else if (!commandLine.isEmpty()) {
      argv = commandLine;
    } else {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing -e EVENTS or -- perf record ...");
    }
    CommandLineResult parsed = PerfCommandParser.parse(argv, generation, host);
    if (parsed instanceof CommandLineResult.Rejected r) {
      System.err.println(r.error().text());
      return PerfsimCli.USAGE_ERROR;
    }
    List<ConfiguredEvent> built = AttrBuilder.build(((CommandLineResult.Accepted) parsed).command());
    if (json) {
      List<Map<String, Object>> out = new ArrayList<>();
      built.forEach(e -> out.add(jsonFields(e)));
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } else {
      for (ConfiguredEvent e : built) {
        System.out.printf("# %s (perf %s, %d bytes)%n", e.name(), generation.id(), e.attr().effectiveSize());
        System.out.print(AttrPrinter.verbose(e.attr()));
      }
    }
    return 0;
  }

  /** Every field under the kernel header's name, unsigned values as unsigned decimals, plus the bytes. */
  static Map<String, Object> jsonFields(ConfiguredEvent e) {
    PerfEventAttr a = e.attr();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", e.name());
    m.put("type", Integer.toUnsignedLong(a.type()));
    m.put("size", Integer.toUnsignedLong(a.size()));
    m.put("config", unsigned(a.config()));
    m.put(a.isFrequency() ? "sample_freq" : "sample_period", unsigned(a.samplePeriodOrFreq()));
    m.put("sample_type", unsigned(a.sampleType()));
    m.put("read_format", unsigned(a.readFormat()));
    for (AttrFlag f : AttrFlag.values()) {
      if (f.bit() == AttrFlag.MMAP_DATA.bit()) {
        m.put("precise_ip", a.preciseIp());
      }
      m.put(f.fieldName(), a.has(f) ? 1 : 0);
    }
    m.put(a.has(AttrFlag.WATERMARK) ? "wakeup_watermark" : "wakeup_events", Integer.toUnsignedLong(a.wakeupEventsOrWatermark()));
    m.put("bp_type", Integer.toUnsignedLong(a.bpType()));
    m.put("config1", unsigned(a.config1()));
    m.put("config2", unsigned(a.config2()));
    m.put("branch_sample_type", unsigned(a.branchSampleType()));
    m.put("sample_regs_user", unsigned(a.sampleRegsUser()));
    m.put("sample_stack_user", Integer.toUnsignedLong(a.sampleStackUser()));
    m.put("clockid", a.clockid());
    m.put("sample_regs_intr", unsigned(a.sampleRegsIntr()));
    m.put("aux_watermark", Integer.toUnsignedLong(a.auxWatermark()));
    m.put("sample_max_stack", Short.toUnsignedInt(a.sampleMaxStack()));
    m.put("aux_sample_size", Integer.toUnsignedLong(a.auxSampleSize()));
    m.put("sig_data", unsigned(a.sigData()));
    m.put("config3", unsigned(a.config3()));
    m.put("bytes", AttrCodec.hex(AttrCodec.encode(a)));
    return m;
  }

  private static Object unsigned(long v) {
    return v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
  }
}
