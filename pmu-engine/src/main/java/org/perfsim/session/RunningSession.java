package org.perfsim.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.PmuProgram;
import org.perfsim.perfdata.SampleRecorder;
import org.perfsim.pmu.CpuState;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.GuestAddressSpace;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.HostSliceParts;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.PmuOptions;
import org.perfsim.pmu.PmuSink;
import org.perfsim.pmu.Ring;
import org.perfsim.tool.PerfCommand;
import org.perfsim.tool.PerfOpenLoop;
import org.perfsim.tool.PerfVerb;
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
  private static final long CYCLES_PER_NANO = PmuProgram.CORE_HZ / 1_000_000_000L;
  private static final long HOST_RAM = 64L << 30;
  /** Host records written byte for byte per PMU before the rest are counted in closed form. */
  private static final long MATERIALIZED_HOST_RECORDS = 20_000;
  /** Host slices a pCPU may queue before they are counted (a step of 50 slices fits). */
  private static final int HOST_RUN_SLICES = 64;

  private final HostSpec spec;
  private final List<PerfOpenLoop.Result> opened;
  private final long startNanos;
  private long endNanos;
  private final long stepNanos;
  private final SplittableRandom random;
  private final EmulatedPmu[] pmus;
  private final PmuProgram[] programs;
  private final SliceSchedule schedule;
  private final GuestAddressSpace[] spaces;
  private final CpuState hostState;
  private final CpuState guestState;
  private final CpuState hostUserState;
  private final CpuState guestUserState;
  private final Sink sink = new Sink();
  private final boolean[] runnable;
  private final long[] nextChangeAt;
  private final TreeMap<Integer, List<GuestPhysicalWrite>> pending = new TreeMap<>();
  private final SessionResults.Tally tally;
  private final PerfCommand command;
  /** perf stat's counts, read back at the end; null for perf record. */
  private final StatReadout statReadout;
  private final VmTransitions vm;
  private String failure;
  private long nowNanos;
  private long slice;
  /** The kernel-mode window [windowFrom, windowTo) of the slice being run; -1 until drawn. */
  private long windowFrom = -1;
  private long windowTo;
  /** Some guest's vCPUs could run at some point of this session (an idle guest counts: it could have run). */
  private boolean someGuestUp;
  /** The samples one by one for a perf.data file; null (and never touched) unless asked for. */
  private SampleRecorder recorder;
  private SteppingMode steppingMode = SteppingMode.DEFAULT;
  /** Per pCPU: a guest slice there is one plain round trip through the usual switch list (see VmTransitions). */
  private final boolean[] plainRoundTrip;
  /**
   * Per pCPU: the control registers under which a guest slice was seen to change nothing (every register
   * as before, no counter counting in guest context); null until one was.
   */
  private final long[][] quietControls;
  private long quietSlicesSkipped;
  /** Per pCPU: whether that quiet slice still drew its kernel-mode window (a counter counts in some ring). */
  private final boolean[] quietDrawsWindow;
  /** The parts of the slice being run: [partFrom, partTo) nanoseconds of the slice at partRing. */
  private final long[] partFrom = new long[HostSliceParts.PER_SLICE];
  private final long[] partTo = new long[HostSliceParts.PER_SLICE];
  private final Ring[] partRing = new Ring[HostSliceParts.PER_SLICE];
  private int partCount;
  /**
   * Per pCPU, under {@link SteppingMode#COUNT_HOST_SLICES}: its host slices since anything else touched its
   * PMU, counted in one go before that PMU is next used (a guest slice, perf's tick writing MSRs, the step's
   * end). Their random draws were taken in order when their slices came; only the PMU's work waits.
   */
  private final HostSliceParts[] hostRun;

  RunningSession(HostSpec spec, PerfCommand command, Kernel kernel, List<PerfOpenLoop.Result> opened,
      HostClock clock, long seed) {
    this.spec = spec;
    this.command = command;
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
    this.vm = new VmTransitions(spec, programs, pmus, seed, SLICE_NANOS * CYCLES_PER_NANO);
    for (int p = 0; p < pcpus && failure == null; p++) {
      failure = vm.armHost(p).orElse(null);
    }
    this.plainRoundTrip = new boolean[pcpus];
    for (int p = 0; p < pcpus; p++) {
      plainRoundTrip[p] = vm.plainRoundTrip(p);
    }
    this.quietControls = new long[pcpus][];
    this.quietDrawsWindow = new boolean[pcpus];
    this.hostRun = new HostSliceParts[pcpus];
    for (int p = 0; p < pcpus; p++) {
      hostRun[p] = new HostSliceParts(HOST_RUN_SLICES * HostSliceParts.PER_SLICE);
    }
    this.statReadout = command.verb() == PerfVerb.STAT ? new StatReadout(pmus, programs) : null;
    this.spaces = spec.guests().stream()
        .map(g -> GuestAddressSpace.linux2012(g.layout().ramBytes())).toArray(GuestAddressSpace[]::new);
    this.hostState = CpuState.random(random.split(), 0xffffffff8100a000L);
    this.guestState = CpuState.random(random.split(), 0xffffffff81042000L);
    SplittableRandom variation = random.split();
    this.hostUserState = CpuState.random(variation.split(), 0x00000000004a2000L);
    this.guestUserState = CpuState.random(variation.split(), 0x0000000000412000L);
    this.schedule = new SliceSchedule(spec, variation);
    for (int p = 0; p < pcpus; p++) {
      startMidPeriod(pmus[p], programs[p], variation);
    }
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
    for (boolean up : runnable) {
      someGuestUp |= up;
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

  /**
   * Keeps the first {@code maxPerCpu} samples of each pCPU one by one (and counts all of them) for a perf.data
   * file. Call before the first step; a session that is not asked records nothing and pays nothing.
   */
  public SampleRecorder recordSamples(int maxPerCpu) {
    if (nowNanos != startNanos || recorder != null) {
      throw new IllegalStateException("samples are recorded from the session's start, once");
    }
    recorder = new SampleRecorder(pmus.length, spec.guests().size(), maxPerCpu);
    return recorder;
  }

  /** Plays the slices as {@code mode} says; call before the first step (tests compare the modes). */
  void stepping(SteppingMode mode) {
    if (nowNanos != startNanos) {
      throw new IllegalStateException("the stepping mode is chosen before the first step");
    }
    steppingMode = mode;
  }

  /** Guest slices skipped so far because they provably changed nothing ({@link SteppingMode}). */
  long quietSlicesSkipped() {
    return quietSlicesSkipped;
  }

  /** The recorded samples, if {@link #recordSamples} asked for them. */
  public Optional<SampleRecorder> recordedSamples() {
    return Optional.ofNullable(recorder);
  }

  /** The perf events as the kernel opened them (the attrs a perf.data file holds). */
  public List<PerfOpenLoop.Result> opened() {
    return opened;
  }

  /** The perf command line the session runs. */
  public PerfCommand command() {
    return command;
  }

  /** Events per sample on {@code pcpu}: the period of its first sampling counter (0 when none). */
  public long samplePeriod(int pcpu) {
    return programs[pcpu].counters().isEmpty() ? 0 : programs[pcpu].counters().get(0).period();
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
    for (int p = 0; p < pmus.length; p++) {
      countHostRun(p);
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
      someGuestUp |= runnable[report.guestId()];
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
    // perf stat ends with its counts, perf record with what it wrote
    Optional<String> statText = statReadout == null ? Optional.empty()
        : Optional.of(statReadout.summary(command, opened, endNanos - startNanos));
    return tally.finish(endNanos, !someGuestUp, statText, Optional.ofNullable(failure));
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
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Tests only: KVM loads {@code list} on {@code pcpu} from now on instead of the kernel's list. */
  void overrideVmEntryList(int pcpu, List<org.perfsim.pmu.SwitchMsr> list) {
    vm.overrideList(pcpu, list);
    plainRoundTrip[pcpu] = false;
  }

  private void runSlice(long start) {
    for (int p = 0; p < pmus.length && failure == null; p++) {
      int guest = schedule.pick(p, slice, random, runnable);
      if (guest != PmuSink.HOST || vm.tickWrites(p)) {
        // the PMU is used otherwise now (a guest slice; perf's tick, which only follows a guest slice
        // today): its queued host slices come first
        countHostRun(p);
      }
      windowFrom = -1;
      sink.context = guest;
      sink.cpu = p;
      failure = vm.tick(p).orElse(null);
      if (failure != null) {
        return;
      }
      if (guest == PmuSink.HOST) {
        runModes(p, start, 0, SLICE_NANOS, spec.hostUserShare(), hostUserState, hostState);
      } else if (!skipQuietGuestSlice(p, guest)) {
        runGuestSlice(p, guest, start);
      }
    }
  }

  private void runGuestSlice(int p, int guest, long start) {
    double userShare = spec.guests().get(guest).userShare();
    boolean watch = steppingMode.skipsQuietGuestSlices() && plainRoundTrip[p] && recorder == null;
    long[] before = watch ? pmus[p].allRegisters() : null;
    boolean[] countedInGuest = new boolean[1];
    boolean[] drewWindow = new boolean[1];
    failure = vm.runGuest(p, guest, spaces[guest], Ring.KERNEL, start, (from, to, of) -> {
      if (watch) {
        countedInGuest[0] |= pmus[p].anyCounterCountsInContext();
        drewWindow[0] |= pmus[p].anyCounterCounts();
      }
      runModes(p, start, SLICE_NANOS * from / of, SLICE_NANOS * to / of, userShare, guestUserState, guestState);
    }).orElse(null);
    if (watch && failure == null && !countedInGuest[0]
        && java.util.Arrays.equals(before, pmus[p].allRegisters())) {
      quietControls[p] = pmus[p].controlRegisters();
      quietDrawsWindow[p] = drewWindow[0];
    }
  }

  /**
   * A guest slice known to change nothing: the round trip is plain and the control registers are those of
   * a slice that left every register as it was and counted nothing in guest context, so this one would do
   * the same. Only its random draws (the kernel-mode window) are taken, as {@link #runModes} would take them.
   */
  private boolean skipQuietGuestSlice(int p, int guest) {
    if (!steppingMode.skipsQuietGuestSlices() || !plainRoundTrip[p] || recorder != null
        || quietControls[p] == null || !pmus[p].controlRegistersAre(quietControls[p])) {
      return false;
    }
    if (quietDrawsWindow[p]) {
      drawKernelWindow(spec.guests().get(guest).userShare());
    }
    pmus[p].setRing(Ring.KERNEL); // where VM exit leaves it
    quietSlicesSkipped++;
    return true;
  }

  /**
   * The slice as the context runs it: a kernel-mode window of seeded length around its share, starting at
   * a seeded phase (wrapping past the slice end), user mode around it. Each part is one batched PMU call
   * at its ring, so EVTSEL.USR/OS (exclude_user/exclude_kernel) decide what counts, as on the CPU. A guest
   * vCPU's user-mode part runs with PEBS as VM entry left it: on a 2012 kernel the assist writes through
   * the host's DS address into the guest exactly as in kernel mode (see
   * {@link org.perfsim.pmu.GuestAddressSpace}).
   */
  private void runModes(int p, long start, long lo, long hi, double userShare, CpuState user, CpuState kernel) {
    partCount = 0;
    if (!pmus[p].anyCounterCounts()) {
      addPart(lo, hi, 0, SLICE_NANOS, Ring.KERNEL); // nothing to count or split: only time passes
    } else {
      if (windowFrom < 0) { // drawn once per slice, even when a VM-entry race runs it in several parts
        drawKernelWindow(userShare);
      }
      long from = windowFrom;
      long to = windowTo;
      if (to <= SLICE_NANOS) {
        addPart(lo, hi, 0, from, Ring.USER);
        addPart(lo, hi, from, to, Ring.KERNEL);
        addPart(lo, hi, to, SLICE_NANOS, Ring.USER);
      } else {
        addPart(lo, hi, 0, to - SLICE_NANOS, Ring.KERNEL);
        addPart(lo, hi, to - SLICE_NANOS, from, Ring.USER);
        addPart(lo, hi, from, SLICE_NANOS, Ring.KERNEL);
      }
    }
    if (!countHostParts(p, start)) {
      for (int k = 0; k < partCount; k++) {
        runPart(p, start, partFrom[k], partTo[k], partRing[k], partRing[k] == Ring.USER ? user : kernel);
      }
    }
  }

  /** Queues the part [from, to) of the slice that falls inside [lo, hi), if any of it does. */
  private void addPart(long lo, long hi, long from, long to, Ring ring) {
    long a = Math.max(lo, from);
    long b = Math.min(hi, to);
    if (a < b) {
      partFrom[partCount] = a;
      partTo[partCount] = b;
      partRing[partCount] = ring;
      partCount++;
    }
  }

  /**
   * Queues the slice's parts on the pCPU's run of host slices ({@link SteppingMode#COUNT_HOST_SLICES}); false
   * when the mode or the context does not count host slices.
   */
  private boolean countHostParts(int p, long sliceStart) {
    if (!steppingMode.countsHostSlices() || sink.context != PmuSink.HOST || partCount == 0) {
      return false;
    }
    HostSliceParts run = hostRun[p];
    if (!run.hasRoom(partCount)) {
      countHostRun(p);
    }
    for (int k = 0; k < partCount; k++) {
      long cycles = (partTo[k] - partFrom[k]) * CYCLES_PER_NANO;
      run.add(cycles, cycles * 2 / 3, sliceStart + partFrom[k], partTo[k] - partFrom[k], partRing[k]);
    }
    return true;
  }

  /**
   * The pCPU's queued host slices, counted in closed form where the PMU can ({@link EmulatedPmu#countHostSlice}),
   * else run part by part; with the tallies {@link #runPart} keeps, in the same order.
   */
  private void countHostRun(int p) {
    HostSliceParts run = hostRun[p];
    if (run.count() == 0) {
      return;
    }
    sink.context = PmuSink.HOST;
    sink.cpu = p;
    sink.ring = run.ring(0); // a PMI's ring: the PMU reports PMIs for a single part only
    if (pmus[p].countHostSlice(run, sink)) {
      for (int k = 0; k < run.count(); k++) {
        sink.ring = run.ring(k);
        tally.hostRecords(run.ring(k), run.produced(k));
        if (recorder != null) {
          recorder.samples(p, SampleRecorder.HOST, run.ring(k) == Ring.USER, true, run.startNanos(k),
              run.startNanos(k) + run.durationNanos(k), run.produced(k));
        }
      }
    } else {
      for (int k = 0; k < run.count(); k++) {
        runPart(p, 0, run.startNanos(k), run.startNanos(k) + run.durationNanos(k), run.ring(k),
            run.ring(k) == Ring.USER ? hostUserState : hostState);
      }
    }
    run.clear();
  }

  private void drawKernelWindow(double userShare) {
    long kernelNanos = SliceSchedule.kernelNanos(1 - userShare, SLICE_NANOS, random);
    windowFrom = SliceSchedule.kernelPhase(kernelNanos, SLICE_NANOS, random);
    windowTo = windowFrom + kernelNanos;
  }

  /** Nanoseconds [from, to) of the slice at {@code ring}; host records it produced count for that ring. */
  private void runPart(int p, long sliceStart, long from, long to, Ring ring, CpuState state) {
    if (to <= from) {
      return;
    }
    long cycles = (to - from) * CYCLES_PER_NANO;
    EmulatedPmu pmu = pmus[p];
    pmu.setRing(ring);
    sink.ring = ring;
    long before = pmu.hostRecordsProduced();
    pmu.runSlice(cycles, cycles * 2 / 3, state, sliceStart + from, to - from, sink);
    long produced = pmu.hostRecordsProduced() - before;
    tally.hostRecords(ring, produced);
    if (recorder != null) {
      recorder.samples(p, SampleRecorder.HOST, ring == Ring.USER, true, sliceStart + from, sliceStart + to,
          produced);
    }
  }

  /**
   * perf enables its events at a moment that has nothing to do with the vCPU schedule: each sampling
   * counter starts with a seeded part of its first period left (1 to period events), and is re-armed with
   * the whole period from then on, as the kernel's x86_perf_event_set_period writes -period_left first.
   */
  private static void startMidPeriod(EmulatedPmu pmu, PmuProgram program, SplittableRandom seed) {
    for (int i = 0; i < program.counters().size(); i++) {
      long period = program.counters().get(i).period();
      if (period <= Integer.MAX_VALUE) { // a counting-only event's huge period is left as programmed
        pmu.startCounter(Msr.pmc(i), -(1 + seed.nextLong(period)));
      }
    }
  }

  /** Counts samples by context and queues guest writes; primitives only on the host path. */
  private final class Sink implements PmuSink {
    int context = PmuSink.HOST;
    int cpu;
    Ring ring = Ring.KERNEL;

    @Override
    public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
      if (reason == PmiReason.COUNTER_OVERFLOW) {
        tally.sample(guestId, ring);
        if (recorder != null) {
          recorder.samples(cpu, guestId, ring == Ring.USER, false, simTimeNanos, simTimeNanos + 1, 1);
        }
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
