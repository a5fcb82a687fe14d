package org.perfsim.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.OpenResult;
import org.perfsim.kernel.PmuProgram;
import org.perfsim.pmu.CpuState;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.GuestAddressSpace;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.MsrWrite;
import org.perfsim.pmu.PmuOptions;
import org.perfsim.pmu.PmuSink;
import org.perfsim.pmu.Ring;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.ConfiguredEvent;
import org.perfsim.tool.KernelProbes;
import org.perfsim.tool.PerfCommand;
import org.perfsim.tool.PerfCommandParser;
import org.perfsim.tool.PerfOpenLoop;
import org.perfsim.tool.ToolEnvironment;
import org.perfsim.vm.GuestMemory;
import org.perfsim.vm.WriteEffect;

/**
 * One host's perf session in simulated time: perf parses its command line with its generation, opens its
 * events through the host's kernel (with the binary's fallbacks), the kernel programs every pCPU's PMU, and a
 * scheduler interleaves host work and guest vCPUs on the pCPUs in {@link #SLICE_NANOS} slices, each slice one
 * batched step of the emulated PMU. PEBS writes that land in a guest are applied to its memory; a guest that
 * panics stops running. Deterministic under the seed.
 */
public final class HostSimulation {
  /** One scheduling slice: a vCPU or the host runs a whole millisecond on a pCPU. */
  public static final long SLICE_NANOS = 1_000_000L;
  private static final long CYCLES_PER_SLICE = PmuProgram.CORE_HZ / 1000;
  private static final long INSTRUCTIONS_PER_SLICE = CYCLES_PER_SLICE * 2 / 3;
  private static final long HOST_RAM = 64L << 30;
  /** Every fourth slice of each pCPU belongs to host tasks, however busy the guests are. */
  private static final int HOST_SLICE_EVERY = 4;
  /** Host records written byte for byte per PMU before the rest are counted in closed form. */
  private static final long MATERIALIZED_HOST_RECORDS = 20_000;

  private final HostSpec spec;
  private final long seed;

  public HostSimulation(HostSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
  }

  public HostSpec spec() {
    return spec;
  }

  /** Runs {@code argv} ({@code perf record ...}) with the installed perf, or {@code perfOverride}. */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride) {
    PerfGeneration perf = perfOverride.orElse(spec.perf());
    CommandLineResult parsed = PerfCommandParser.parse(argv, perf, ToolEnvironment.intelHost(spec.pcpus()));
    if (parsed instanceof CommandLineResult.Rejected r) {
      return SessionRun.usageError(spec.hostId(), r.error().text(), r.error().exitStatus());
    }
    PerfCommand command = ((CommandLineResult.Accepted) parsed).command();
    Kernel kernel = Kernel.root(spec.kernel(), spec.cpu(), spec.pcpus());
    // perf's probes open and close test events; a kernel of the same policy answers them identically
    KernelProbes probes = KernelProbes.probe(Kernel.root(spec.kernel(), spec.cpu(), spec.pcpus()), perf, 0);
    SessionRun run = new SessionRun(spec);
    List<Integer> cpus = command.hasPidTarget() ? List.of(-1) : command.targetCpus();
    int pid = command.hasPidTarget() ? command.pids().get(0) : -1;
    for (ConfiguredEvent event : AttrBuilder.build(command, probes)) {
      if (event.role() != ConfiguredEvent.Role.USER_EVENT) {
        continue;
      }
      PerfOpenLoop.Result open = PerfOpenLoop.open(event, perf, kernel, cpus, pid);
      run.opened(open);
      if (!open.succeeded()) {
        return run.failed(open);
      }
    }
    simulate(kernel, command.workload().durationNanos(), run);
    return run.finish(command.workload().durationNanos());
  }

  private void simulate(Kernel kernel, long durationNanos, SessionRun run) {
    SplittableRandom random = new SplittableRandom(seed);
    HostAddressSpace host = HostAddressSpace.linux2012(HOST_RAM);
    int pcpus = spec.pcpus();
    EmulatedPmu[] pmus = new EmulatedPmu[pcpus];
    PmuProgram[] programs = new PmuProgram[pcpus];
    for (int p = 0; p < pcpus; p++) {
      programs[p] = PmuProgram.forEvents(spec.kernel(), spec.cpu(), host, kernel.openEventsOn(p), random.split());
      pmus[p] = new EmulatedPmu(spec.cpu(), host, PmuOptions.perfHandler(PmuProgram.CORE_HZ / 1_000_000,
          MATERIALIZED_HOST_RECORDS));
      if (spec.cpu().hasPebs()) {
        pmus[p].hostFillsDsArea(programs[p].dsLinear(), programs[p].dsArea());
      }
      for (MsrWrite w : programs[p].hostWrites()) {
        pmus[p].wrmsr(w.msr(), w.value());
      }
    }
    List<List<Integer>> pinned = vcpusByPcpu(pcpus);
    GuestAddressSpace[] spaces = spec.guests().stream()
        .map(g -> GuestAddressSpace.linux2012(g.layout().ramBytes())).toArray(GuestAddressSpace[]::new);
    CpuState hostState = CpuState.random(random.split(), 0xffffffff8100a000L);
    CpuState guestState = CpuState.random(random.split(), 0xffffffff81042000L);
    long slices = (durationNanos + SLICE_NANOS - 1) / SLICE_NANOS;
    for (long s = 0; s < slices; s++) {
      long start = s * SLICE_NANOS;
      for (int p = 0; p < pcpus; p++) {
        int guest = pickGuest(pinned.get(p), s, random, run);
        run.sink.context = guest;
        if (guest == PmuSink.HOST) {
          pmus[p].setRing(Ring.KERNEL);
          pmus[p].runSlice(CYCLES_PER_SLICE, INSTRUCTIONS_PER_SLICE, hostState, start, SLICE_NANOS, run.sink);
        } else {
          pmus[p].enterGuest(guest, spaces[guest], programs[p].guestEntryValues());
          pmus[p].runSlice(CYCLES_PER_SLICE, INSTRUCTIONS_PER_SLICE, guestState, start, SLICE_NANOS, run.sink);
          pmus[p].exitToHost();
        }
      }
    }
    for (EmulatedPmu pmu : pmus) {
      run.sink.context = PmuSink.HOST;
      pmu.drainHostBuffer(run.sink);
    }
  }

  /** Guest vCPUs pinned to each pCPU: vCPU k (counted over all guests) runs on pCPU k mod pcpus. */
  private List<List<Integer>> vcpusByPcpu(int pcpus) {
    List<List<Integer>> pinned = new ArrayList<>();
    for (int p = 0; p < pcpus; p++) {
      pinned.add(new ArrayList<>());
    }
    int k = 0;
    for (GuestSpec g : spec.guests()) {
      for (int v = 0; v < g.vcpus(); v++) {
        pinned.get(k++ % pcpus).add(g.id());
      }
    }
    return pinned;
  }

  /** Round robin over the pCPU's runnable vCPUs; a vCPU is runnable this slice with its busy share. */
  private int pickGuest(List<Integer> candidates, long slice, SplittableRandom random, SessionRun run) {
    if (slice % HOST_SLICE_EVERY == 0) {
      return PmuSink.HOST; // the host's own tasks (perf itself, its workload, kernel threads) get their share
    }
    int n = candidates.size();
    for (int i = 0; i < n; i++) {
      int guest = candidates.get((int) ((slice + i) % n));
      boolean busy = random.nextDouble() < spec.guests().get(guest).busyShare();
      if (busy && !run.panicked(guest)) {
        return guest;
      }
    }
    return PmuSink.HOST;
  }

  /** The state of one session while it runs, and the sink its PMUs report to. */
  private static final class SessionRun {
    private final HostSpec spec;
    private final GuestMemory[] memories;
    private final long[] guestSamples;
    private final boolean[] hit;
    private final TreeMap<Integer, SessionResult.GuestPanic> panics = new TreeMap<>();
    private final List<SessionResult.TimelineEvent> timeline = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Sink sink = new Sink();
    private PerfOpenLoop.Result firstEvent;
    private long hostSamples;
    private long bytesIntoGuests;

    SessionRun(HostSpec spec) {
      this.spec = spec;
      this.memories = spec.guests().stream().map(g -> new GuestMemory(g.layout())).toArray(GuestMemory[]::new);
      this.guestSamples = new long[spec.guests().size()];
      this.hit = new boolean[spec.guests().size()];
    }

    static SessionResult usageError(String hostId, String text, int status) {
      return new SessionResult(hostId, Outcome.OTHER_ERRNO, status, text, "", Optional.empty(), 0, false,
          List.of(), 0, java.util.Map.of(), 0, List.of(), -1, -1, 0,
          List.of(new SessionResult.TimelineEvent(0, "perf rejected its command line")));
    }

    boolean panicked(int guest) {
      return panics.containsKey(guest);
    }

    void opened(PerfOpenLoop.Result open) {
      if (firstEvent == null) {
        firstEvent = open;
      }
      notes.addAll(open.messages());
      open.messages().forEach(m -> timeline.add(new SessionResult.TimelineEvent(0, "perf: " + m)));
    }

    SessionResult failed(PerfOpenLoop.Result open) {
      timeline.add(new SessionResult.TimelineEvent(0, "perf_event_open failed: " + open.errno().orElseThrow()));
      return new SessionResult(spec.hostId(), Outcome.ofErrno(open.errno().orElseThrow()), 255, open.errorText(),
          open.event().name(), open.errno(), 0, false, notes, 0, java.util.Map.of(), 0, List.of(), -1, -1, 0,
          timeline);
    }

    SessionResult finish(long durationNanos) {
      boolean countsGuest = firstEvent != null && !firstEvent.opened().isEmpty()
          && firstEvent.opened().get(0).event().countsGuest();
      int precise = firstEvent == null ? 0 : firstEvent.preciseUsed();
      Outcome outcome = Outcome.ofRunningSession(panics.size(), precise, countsGuest,
          spec.kernel().clearsPebsOnVmEntry());
      java.util.Map<Integer, Long> bySample = new TreeMap<>();
      int hitCount = 0;
      for (int g = 0; g < guestSamples.length; g++) {
        bySample.put(g, guestSamples[g]);
        hitCount += hit[g] ? 1 : 0;
      }
      long first = panics.values().stream().mapToLong(SessionResult.GuestPanic::atNanos).min().orElse(-1);
      long last = panics.values().stream().mapToLong(SessionResult.GuestPanic::atNanos).max().orElse(-1);
      timeline.add(new SessionResult.TimelineEvent(durationNanos, "session ended: " + hostSamples
          + " host samples, " + panics.size() + " of " + guestSamples.length + " guests panicked"));
      String message = String.format("[ perf record: Captured and wrote %d samples ]", hostSamples);
      return new SessionResult(spec.hostId(), outcome, 0, message, firstEvent == null ? "" : firstEvent.event().name(),
          Optional.empty(), precise, countsGuest, notes, hostSamples, bySample, hitCount,
          List.copyOf(panics.values()), first, last, bytesIntoGuests, timeline);
    }

    /** Counts samples by context and applies guest writes; primitives only on the host path. */
    private final class Sink implements PmuSink {
      int context = PmuSink.HOST;

      @Override
      public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
        if (reason == PmiReason.COUNTER_OVERFLOW) {
          if (guestId == HOST) {
            hostSamples++;
          } else {
            guestSamples[guestId]++;
          }
        }
      }

      @Override
      public void hostRecordsDrained(ByteBuffer dsBuffer, int bytes, long records, long firstNanos, long lastNanos) {
        hostSamples += records;
      }

      @Override
      public void hostRecordsCounted(long records, long pmis, long firstNanos, long lastNanos) {
        hostSamples += records;
      }

      @Override
      public void guestWrite(GuestPhysicalWrite write) {
        int g = write.guestId();
        bytesIntoGuests += write.length();
        if (!hit[g]) {
          hit[g] = true;
          timeline.add(new SessionResult.TimelineEvent(write.simTimeNanos(), String.format(
              "guest %d: first PEBS write lands at gpa 0x%x", g, write.guestPhysicalAddress())));
        }
        if (panics.containsKey(g)) {
          return;
        }
        WriteEffect effect = memories[g].apply(write);
        if (effect instanceof WriteEffect.Panic p) {
          panics.put(g, new SessionResult.GuestPanic(g, write.simTimeNanos(), p.reason()));
          timeline.add(new SessionResult.TimelineEvent(write.simTimeNanos(), "guest " + g + " panicked: " + p.reason()));
        } else if (!(effect instanceof WriteEffect.Ignored)) {
          timeline.add(new SessionResult.TimelineEvent(write.simTimeNanos(), "guest " + g + ": " + effect.reason()));
        }
      }
    }
  }
}
