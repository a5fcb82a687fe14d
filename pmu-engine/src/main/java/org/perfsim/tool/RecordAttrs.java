package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;

/**
 * perf record's attr for generation 6.1 and modern: record__open's tracking dummy, evsel__config,
 * evsel__apply_config_terms and evlist__config (tools/perf/util/evsel.c, util/record.c). Checked
 * field by field against the installed 6.1 binary.
 *
 * <p>6.1, as observed and read: read_format is ID|LOST (the ID because every evsel has a unit
 * string); the first event tracks sideband (task, mmap, comm, mmap2, comm_exec, ksymbol,
 * bpf_event) unless the session is CPU-wide ({@code -a}/{@code -C}), where a {@code dummy} event
 * with period 1 is appended, enabled at once, and tracks instead; more than one event adds
 * PERF_SAMPLE_ID, or PERF_SAMPLE_IDENTIFIER when their sample types differ; {@code S} adds
 * READ|ID, and in a group GROUP with inherit cleared, its members following the leader's sampling.
 *
 * <p>Modern differences (current evsel.c / builtin-record.c): a CPU-wide session clears inherit;
 * the tracking event is the auxiliary {@code dummy:u} (exclude_kernel/hv/guest, no callchain); a
 * sample-read group keeps inherit and asks for TID and ID instead.
 */
final class RecordAttrs {

  /** The x86-64 user registers DWARF unwinding samples: perf's PERF_REGS_MASK (no segment regs). */
  static final long X86_64_USER_REGS = 0xff0fffL;
  /** PERF_SAMPLE_BRANCH_USER|CALL_STACK|NO_FLAGS|NO_CYCLES|HW_INDEX: the LBR call stack. */
  static final long LBR_CALL_STACK = (1L << 0) | (1L << 11) | (1L << 14) | (1L << 15) | (1L << 17);
  private static final long DUMMY_CONFIG = 9;

  private final PerfCommand command;
  private final KernelProbes probes;
  private final boolean modern;
  private final Sampling sampling;

  private RecordAttrs(PerfCommand command, KernelProbes probes) {
    this.command = command;
    this.probes = probes;
    this.modern = command.generation() == PerfGeneration.MODERN;
    this.sampling = Sampling.of(command);
  }

  static List<ConfiguredEvent> build(PerfCommand command, KernelProbes probes) {
    return new RecordAttrs(command, probes).build();
  }

  private List<ConfiguredEvent> build() {
    List<Evsel> evsels = new ArrayList<>();
    for (ParsedEvent event : command.events()) {
      evsels.add(Evsel.of(event));
    }
    evsels.get(0).tracking = true;
    if (command.hasCpuTarget()) {
      evsels.get(0).tracking = false;
      evsels.add(trackingDummy(evsels.size()));
    }
    evsels.forEach(this::config);
    evsels.stream().filter(e -> e.tracking && probes.commExec())
        .forEach(e -> e.set(AttrFlag.COMM_EXEC, true));
    evsels.forEach(e -> followLeaderSampling(e, evsels.get(e.leaderIndex)));
    assignSampleIds(evsels);
    return evsels.stream().map(Evsel::configured).toList();
  }

  private Evsel trackingDummy(int index) {
    PerfEventAttr.Builder attr = PerfEventAttr.builder().size(command.generation().attrSize().bytes())
        .type(PerfEventAttr.TYPE_SOFTWARE).config(DUMMY_CONFIG).samplePeriodOrFreq(1);
    if (modern) {
      attr.flag(AttrFlag.EXCLUDE_KERNEL, true).flag(AttrFlag.EXCLUDE_HV, true)
          .flag(AttrFlag.EXCLUDE_GUEST, true);
    }
    Evsel dummy = Evsel.dummy(index, modern ? "dummy:u" : "dummy", attr.build());
    dummy.tracking = true;
    dummy.immediate = true;
    dummy.noAuxSamples = modern;
    return dummy;
  }

  /** evsel__config for the options perfsim models. */
  private void config(Evsel e) {
    boolean track = e.tracking;
    e.set(AttrFlag.SAMPLE_ID_ALL, true);
    e.set(AttrFlag.INHERIT, !(modern && command.hasCpuTarget()) && !command.noInherit());
    e.attr.readFormat(ReadFormat.LOST.mask());
    e.sample(SampleType.IP);
    e.sample(SampleType.TID);
    if (e.sampleRead) {
      configSampleRead(e);
    }
    if (e.attr.build().samplePeriodOrFreq() == 0 || sampling.userFrequency()
        || sampling.userInterval()) {
      setDefaultFreqPeriod(e);
    }
    if (e.has(AttrFlag.FREQ)) {
      e.sample(SampleType.PERIOD);
    }
    boolean dwarf = command.callGraph().map(g -> g.mode() == CallGraph.Mode.DWARF).orElse(false);
    if (dwarf) {
      // --call-graph dwarf turns on opts->sample_address.
      e.sample(SampleType.ADDR);
      e.set(AttrFlag.MMAP_DATA, track);
    }
    if (command.callGraph().isPresent() && !e.noAuxSamples) {
      configCallchain(e, command.callGraph().get());
    }
    if (command.hasCpuTarget()) {
      e.sample(SampleType.CPU);
    }
    e.sample(SampleType.TIME);
    if (dwarf) {
      e.sample(SampleType.DATA_SRC);
    }
    setTracking(e, track);
    e.set(AttrFlag.DISABLED, e.leader());
    e.set(AttrFlag.ENABLE_ON_EXEC, command.targetNone() && e.leader());
    if (e.immediate) {
      e.set(AttrFlag.DISABLED, false);
      e.set(AttrFlag.ENABLE_ON_EXEC, false);
    }
    if (e.preciseMax) {
      e.attr.preciseIp(3);
    }
    e.read(ReadFormat.ID);
    applyConfigTerms(e);
    if (e.role == ConfiguredEvent.Role.TRACKING_DUMMY) {
      e.unsample(SampleType.BRANCH_STACK);
    }
  }

  private void configSampleRead(Evsel e) {
    e.sample(SampleType.READ);
    e.setSampleId(false);
    if (e.groupSize > 1) {
      e.read(ReadFormat.GROUP);
      if (!modern) {
        e.set(AttrFlag.INHERIT, false);
      }
    }
    if (modern && e.has(AttrFlag.INHERIT)) {
      e.sample(SampleType.TID);
      e.read(ReadFormat.ID);
    }
  }

  private void setDefaultFreqPeriod(Evsel e) {
    if (sampling.frequency() != 0) {
      e.set(AttrFlag.FREQ, true);
      e.attr.samplePeriodOrFreq(sampling.frequency());
    } else {
      e.attr.samplePeriodOrFreq(sampling.defaultInterval());
    }
  }

  /** __evsel__config_callchain. */
  private static void configCallchain(Evsel e, CallGraph graph) {
    e.sample(SampleType.CALLCHAIN);
    if (graph.mode() == CallGraph.Mode.LBR && !e.has(AttrFlag.EXCLUDE_USER)) {
      e.sample(SampleType.BRANCH_STACK);
      e.attr.branchSampleType(LBR_CALL_STACK);
    }
    if (graph.mode() == CallGraph.Mode.DWARF) {
      e.sample(SampleType.REGS_USER);
      e.sample(SampleType.STACK_USER);
      e.attr.sampleRegsUser(e.attr.build().sampleRegsUser() | X86_64_USER_REGS);
      e.attr.sampleStackUser(graph.dumpSize());
      e.set(AttrFlag.EXCLUDE_CALLCHAIN_USER, true);
    }
  }

  private void setTracking(Evsel e, boolean track) {
    e.set(AttrFlag.TASK, track);
    e.set(AttrFlag.MMAP, track);
    e.set(AttrFlag.MMAP2, track);
    e.set(AttrFlag.COMM, track);
    e.set(AttrFlag.KSYMBOL, track);
    e.set(AttrFlag.BPF_EVENT, track && !command.noBpfEvent());
  }

  /** evsel__apply_config_terms: a period= or freq= term beats -c/-F and the defaults. */
  private static void applyConfigTerms(Evsel e) {
    if (e.periodTerm) {
      e.attr.samplePeriodOrFreq(e.termValue);
      e.set(AttrFlag.FREQ, false);
      e.unsample(SampleType.PERIOD);
    } else if (e.freqTerm) {
      e.attr.samplePeriodOrFreq(e.termValue);
      e.set(AttrFlag.FREQ, true);
      e.sample(SampleType.PERIOD);
    }
  }

  /** evsel__config_leader_sampling: members of a sample-read group sample with their leader. */
  private static void followLeaderSampling(Evsel e, Evsel leader) {
    if (!leader.sampleRead || e == leader) {
      return;
    }
    if (!e.periodTerm && !e.freqTerm) {
      e.set(AttrFlag.FREQ, false);
      e.attr.samplePeriodOrFreq(0);
    }
    e.attr.sampleType(leader.sampleType());
  }

  /** evlist__config: several events need IDs; differing sample types need IDENTIFIER. */
  private void assignSampleIds(List<Evsel> evsels) {
    if (evsels.size() < 2) {
      return;
    }
    long first = evsels.get(0).sampleType();
    boolean differ = evsels.stream().anyMatch(e -> e.sampleType() != first);
    boolean identifier = differ && probes.sampleIdentifier();
    evsels.forEach(e -> e.setSampleId(identifier));
  }
}
