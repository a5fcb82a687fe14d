package org.perfsim.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.PmuProgram;
import org.perfsim.pmu.CpuState;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.GuestAddressSpace;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.PmuOptions;
import org.perfsim.pmu.PmuSink;
import org.perfsim.pmu.Ring;
import org.perfsim.tool.PerfOpenLoop;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestLifecycle;
import org.perfsim.vm.GuestReport;

/**
 * A perf session whose events are open, played out in simulated time: every pCPU's PMU is programmed as the
 * kernel says, and a scheduler interleaves host work and guest vCPUs on the pCPUs in {@link #SLICE_NANOS}
 * slices, each slice one batched step of the emulated PMU. {@link #step} runs one step of slices and hands
 * back the PEBS writes that landed in guests; the guests (objects or actors) apply them and report back
 * with {@link #guestsReported} before the next step, so a guest that panicked is no longer scheduled.
 */
public final class RunningSession {
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
  private final List<PerfOpenLoop.Result> opened;
  private final long startNanos;
  private long endNanos;
  private final long stepNanos;
  private final SplittableRandom random;
  private final EmulatedPmu[] pmus;
  private final PmuProgram[] programs;
  private final List<List<Integer>> pinned;
  private final GuestAddressSpace[] spaces;
  private final CpuState hostState;
  private final CpuState guestState;
  private final Sink sink = new Sink();
  private final boolean[] runnable;
  private final long[] nextChangeAt;
  private final TreeMap<Integer, List<GuestPhysicalWrite>> pending = new TreeMap<>();
  private final SessionResults.Tally tally;
  private final VmTransitions vm;
  private String failure;
  private long nowNanos;
  private long slice;

  RunningSession(HostSpec spec, Kernel kernel, List<PerfOpenLoop.Result> opened, HostClock clock, long seed) {
    this.spec = spec;
    this.opened = List.copyOf(opened);
    this.startNanos = clock.startNanos();
    this.endNanos = clock.startNanos() + clock.durationNanos();
    this.stepNanos = clock.stepNanos();
    this.nowNanos = startNanos;
    this.slice = startNanos / SLICE_NANOS;
    this.random = new SplittableRandom(seed);
    HostAddressSpace host = HostAddressSpace.linux2012(HOST_RAM);
    int pcpus = spec.pcpus();
    this.pmus = new EmulatedPmu[pcpus];
    this.programs = new PmuProgram[pcpus];
    for (int p = 0; p < pcpus; p++) {
      programs[p] = PmuProgram.forEvents(spec.kernel(), spec.cpu(), host, kernel.openEventsOn(p), random.split());
      pmus[p] = new EmulatedPmu(spec.cpu(), host, PmuOptions.perfHandler(PmuProgram.CORE_HZ / 1_000_000,
          MATERIALIZED_HOST_RECORDS));
      if (spec.cpu().hasPebs()) {
        pmus[p].hostFillsDsArea(programs[p].dsLinear(), programs[p].dsArea());
      }
    }
    this.vm = new VmTransitions(spec, programs, pmus, seed, CYCLES_PER_SLICE);
    for (int p = 0; p < pcpus && failure == null; p++) {
      failure = vm.armHost(p).orElse(null);
    }
    this.pinned = vcpusByPcpu(spec, pcpus);
    this.spaces = spec.guests().stream()
        .map(g -> GuestAddressSpace.linux2012(g.layout().ramBytes())).toArray(GuestAddressSpace[]::new);
    this.hostState = CpuState.random(random.split(), 0xffffffff8100a000L);
    this.guestState = CpuState.random(random.split(), 0xffffffff81042000L);
    int guests = spec.guests().size();
    this.runnable = new boolean[guests];
    java.util.Arrays.fill(runnable, true);
    this.nextChangeAt = new long[guests];
    java.util.Arrays.fill(nextChangeAt, GuestLifecycle.NEVER);
    this.tally = new SessionResults.Tally(spec, opened, startNanos);
    opened.forEach(open -> open.messages().forEach(m -> tally.timeline(startNanos, "perf: " + m)));
    for (GuestReport known : clock.guestsNow()) {
      // what happened to them before this session belongs to earlier sessions' results
      runnable[known.guestId()] = known.state().vcpusRun();
      nextChangeAt[known.guestId()] = known.nextChangeAtNanos();
    }
  }

  public HostSpec spec() {
    return spec;
  }

  public long nowNanos() {
    return nowNanos;
  }

  /** Host time the session started at; every time this class reports is host time. */
  public long startNanos() {
    return startNanos;
  }

  public long endNanos() {
    return endNanos;
  }

  public boolean done() {
    return nowNanos >= endNanos;
  }

  /** Runs the slices of the next step; returns the guests to hear from and the writes each received. */
  public StepWrites step() {
    if (done()) {
      throw new IllegalStateException("the session already ran to " + endNanos + " ns");
    }
    long end = Math.min(nowNanos + stepNanos, endNanos);
    long lastSlice = (end + SLICE_NANOS - 1) / SLICE_NANOS;
    for (; slice < lastSlice && failure == null; slice++) {
      runSlice(slice * SLICE_NANOS);
    }
    if (failure != null) {
      // a refused MSR stops the host's PMU work: the session ends where it got to, with the error
      end = Math.min(end, Math.max(nowNanos, slice * SLICE_NANOS));
      endNanos = end;
      tally.timeline(end, "error: " + failure);
    }
    nowNanos = end;
    if (done()) {
      drainHostBuffers();
    }
    for (int g = 0; g < nextChangeAt.length; g++) {
      if (nextChangeAt[g] <= nowNanos) {
        pending.computeIfAbsent(g, k -> new ArrayList<>());
      }
    }
    StepWrites writes = new StepWrites(nowNanos, pending);
    pending.clear();
    return writes;
  }

  /**
   * perf is stopped at once (as by SIGINT, e.g. a cancelled session): the session ends at the time it
   * reached, with what the host buffers hold. Call between steps, after the guests reported.
   */
  public void interrupt() {
    if (done()) {
      return;
    }
    endNanos = nowNanos;
    drainHostBuffers();
  }

  private void drainHostBuffers() {
    sink.context = PmuSink.HOST;
    for (EmulatedPmu pmu : pmus) {
      pmu.drainHostBuffer(sink);
    }
  }

  /** The guests' answers to the last step: panicked guests stop being scheduled, rebooted ones resume. */
  public void guestsReported(List<GuestReport> reports) {
    List<GuestReport> ordered = new ArrayList<>(reports);
    ordered.sort(Comparator.comparingInt(GuestReport::guestId));
    for (GuestReport report : ordered) {
      runnable[report.guestId()] = report.state().vcpusRun();
      nextChangeAt[report.guestId()] = report.nextChangeAtNanos();
      for (GuestEvent event : report.events()) {
        tally.guestEvent(event);
      }
    }
  }

  /** The session's result once every step ran and every guest reported. */
  public SessionResult finish() {
    if (!done()) {
      throw new IllegalStateException("the session is at " + nowNanos + " of " + endNanos + " ns");
    }
    if (vm.staleExitLoads() > 0) {
      tally.timeline(vm.firstStaleExitNanos(), String.format("kernel %s: first stale IA32_PEBS_ENABLE loaded at VM"
          + " exit (perf throttled a PEBS event between the VM-entry MSR list and VM entry)", spec.kernel().id()));
      tally.timeline(endNanos, String.format("kernel %s: %d VM exits loaded a stale IA32_PEBS_ENABLE; %d guest"
          + " entries of %d guests ran with PEBS_ENABLE bits the kernel had cleared", spec.kernel().id(),
          vm.staleExitLoads(), vm.stuckGuestEntries(), vm.guestsWithStuckBits()));
    }
    return tally.finish(endNanos, !spec.kernel().preciseSamplesFromGuests(spec.cpu()),
        java.util.Optional.ofNullable(failure));
  }

  /** VM exits that loaded a stale host IA32_PEBS_ENABLE so far (the 2026 race; 0 under other policies). */
  public long staleExitLoads() {
    return vm.staleExitLoads();
  }

  /** VM entries so far that ran a guest with PEBS_ENABLE bits the kernel believed clear. */
  public long stuckGuestEntries() {
    return vm.stuckGuestEntries();
  }

  /** The guests that ran with stuck PEBS_ENABLE bits so far. */
  public int guestsWithStuckPebsBits() {
    return vm.guestsWithStuckBits();
  }

  /** The MSR the session failed on, with where and why; empty while every MSR access succeeded. */
  public java.util.Optional<String> failure() {
    return java.util.Optional.ofNullable(failure);
  }

  /** Tests only: KVM loads {@code list} on {@code pcpu} from now on instead of the kernel's list. */
  void overrideVmEntryList(int pcpu, List<org.perfsim.pmu.SwitchMsr> list) {
    vm.overrideList(pcpu, list);
  }

  private void runSlice(long start) {
    for (int p = 0; p < pmus.length && failure == null; p++) {
      int guest = pickGuest(pinned.get(p));
      sink.context = guest;
      failure = vm.tick(p).orElse(null);
      if (failure != null) {
        return;
      }
      if (guest == PmuSink.HOST) {
        pmus[p].setRing(Ring.KERNEL);
        pmus[p].runSlice(CYCLES_PER_SLICE, INSTRUCTIONS_PER_SLICE, hostState, start, SLICE_NANOS, sink);
      } else {
        EmulatedPmu pmu = pmus[p];
        failure = vm.runGuest(p, guest, spaces[guest], Ring.KERNEL, start, (from, to, of) -> pmu.runSlice(
            CYCLES_PER_SLICE * (to - from) / of, INSTRUCTIONS_PER_SLICE * (to - from) / of, guestState,
            start + SLICE_NANOS * from / of, SLICE_NANOS * (to - from) / of, sink)).orElse(null);
      }
    }
  }

  /** Guest vCPUs pinned to each pCPU: vCPU k (counted over all guests) runs on pCPU k mod pcpus. */
  private static List<List<Integer>> vcpusByPcpu(HostSpec spec, int pcpus) {
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
  private int pickGuest(List<Integer> candidates) {
    if (slice % HOST_SLICE_EVERY == 0) {
      return PmuSink.HOST; // the host's own tasks (perf itself, its workload, kernel threads) get their share
    }
    int n = candidates.size();
    for (int i = 0; i < n; i++) {
      int guest = candidates.get((int) ((slice + i) % n));
      boolean busy = random.nextDouble() < spec.guests().get(guest).busyShare();
      if (busy && runnable[guest]) {
        return guest;
      }
    }
    return PmuSink.HOST;
  }

  /** Counts samples by context and queues guest writes; primitives only on the host path. */
  private final class Sink implements PmuSink {
    int context = PmuSink.HOST;

    @Override
    public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
      if (reason == PmiReason.COUNTER_OVERFLOW) {
        tally.sample(guestId);
      }
    }

    @Override
    public void hostRecordsDrained(ByteBuffer dsBuffer, int bytes, long records, long firstNanos, long lastNanos) {
      tally.hostSamples(records);
    }

    @Override
    public void hostRecordsCounted(long records, long pmis, long firstNanos, long lastNanos) {
      tally.hostSamples(records);
    }

    @Override
    public void guestWrite(GuestPhysicalWrite write) {
      tally.guestWrite(write);
      pending.computeIfAbsent(write.guestId(), g -> new ArrayList<>()).add(write);
    }
  }
}
