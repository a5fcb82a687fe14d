package org.perfsim.pmu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.perfsim.cpu.CpuModel;

/**
 * The x86 PMU of one physical CPU: MSRs, counters, the DS save area and the PEBS assist, driven in batched
 * slices of execution. It knows which context runs (host or a guest, and the ring) and translates every
 * PEBS write through that context's page tables, so a PEBS write while a guest runs comes out as a
 * {@link GuestPhysicalWrite}. Not thread-safe: one PMU belongs to one simulated CPU.
 */
public final class EmulatedPmu {

  private final PmuRegisters regs;
  private final DsArea ds;
  private final Tally tally = new Tally();
  private final PebsAssist assist;
  private final SliceRunner runner;
  private final HostPartCount hostCount;
  private Ring ring = Ring.KERNEL;
  private int guestId = PmuSink.HOST;
  private GuestAddressSpace guestSpace;
  private final List<MsrWrite> hostValuesToRestore = new ArrayList<>();

  public EmulatedPmu(CpuModel model, HostAddressSpace hostAddressSpace, PmuOptions options) {
    this.regs = new PmuRegisters(Objects.requireNonNull(model, "model"));
    this.ds = new DsArea(Objects.requireNonNull(hostAddressSpace, "hostAddressSpace"));
    this.assist = new PebsAssist(regs, ds, tally, Objects.requireNonNull(options, "options"));
    this.runner = new SliceRunner(regs, ds, assist, tally, options);
    this.hostCount = new HostPartCount(regs, ds, assist, tally, options);
  }

  public CpuModel model() {
    return regs.model;
  }

  /** rdmsr: the value, or a #GP for an MSR this model does not have. */
  public MsrResult rdmsr(int msr) {
    return regs.read(msr);
  }

  /** wrmsr: the value now held, or a #GP (absent MSR, read-only MSR, reserved bit, non-canonical address). */
  public MsrResult wrmsr(int msr, long value) {
    MsrResult result = regs.write(msr, value);
    if (msr == Msr.MSR_PEBS_DATA_CFG && result.ok()) {
      assist.refreshWriters();
    }
    return result;
  }

  /**
   * A counter starts part-way into its first period: its count becomes {@code value} (a PMC through the
   * legacy alias, bits 31:0 sign-extended, as {@link #wrmsr}), while perf's handler keeps re-arming it with
   * the value last written by {@link #wrmsr}. The kernel does the same: {@code x86_perf_event_set_period}
   * writes {@code -period_left} when the event starts and {@code -sample_period} on every re-arm
   * (arch/x86/events/core.c). A #GP for an MSR that is not a counter of this model.
   */
  public MsrResult startCounter(int counterMsr, long value) {
    return regs.startCounter(counterMsr, value);
  }

  /**
   * Whether any counter counts in the current context at some ring (enabled in GLOBAL_CTRL and its own
   * control, with USR or OS set, for an event perfsim counts). When none does, a slice changes nothing but
   * time, whatever its ring.
   */
  public boolean anyCounterCounts() {
    for (int slot = 0; slot < regs.slots(); slot++) {
      if (regs.eventOf(slot) != EventSelect.CountedEvent.NONE
          && (regs.counts(slot, Ring.KERNEL) || regs.counts(slot, Ring.USER))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a counter counts in the current context itself (host or guest, as its host/guest filter says) at
   * some ring. When none does, a slice in this context changes no count and writes nothing.
   */
  public boolean anyCounterCountsInContext() {
    boolean inGuest = guestId != PmuSink.HOST;
    for (int slot = 0; slot < regs.slots(); slot++) {
      if (regs.eventOf(slot) != EventSelect.CountedEvent.NONE && regs.countsIn(slot, inGuest)
          && (regs.counts(slot, Ring.KERNEL) || regs.counts(slot, Ring.USER))) {
        return true;
      }
    }
    return false;
  }

  /** The control registers now (what decides counting and where records go), to compare later. */
  public long[] controlRegisters() {
    return regs.controls();
  }

  /** Whether the control registers hold what {@link #controlRegisters()} returned; allocates nothing. */
  public boolean controlRegistersAre(long[] controls) {
    return regs.controlsEqual(controls);
  }

  /** Every register, counts included, to tell whether something changed the PMU at all. */
  public long[] allRegisters() {
    return regs.everything();
  }

  /** Whether {@code msr} is a counter (a write to it sets a count). */
  public boolean isCounter(int msr) {
    return regs.isCounter(msr);
  }

  /**
   * Host-context PEBS records produced so far, written or counted in closed form (a primitive read for the
   * session's per-mode tally, which allocates nothing).
   */
  public long hostRecordsProduced() {
    return tally.hostRecordsWritten + tally.hostRecordsCounted;
  }

  /**
   * The host kernel fills the DS save area at host linear address {@code linear} (it then points
   * IA32_DS_AREA at it with {@link #wrmsr}). The PMU keeps the field values and backs the PEBS buffer with a
   * preallocated buffer the assist writes host-context records into.
   */
  public DsAreaResult hostFillsDsArea(long linear, DsAreaFields fields) {
    return ds.fill(linear, Objects.requireNonNull(fields, "fields"));
  }

  /** The DS area as the host kernel reads it now (its PEBS index included), if it filled one. */
  public Optional<DsAreaFields> hostDsArea() {
    return ds.hostFields();
  }

  /** The bytes of the host's PEBS buffer between base and the host's PEBS index. */
  public byte[] hostBufferBytes() {
    return ds.hostRecordBytes();
  }

  /**
   * VM entry: loads the guest values of KVM's VM-entry MSR switch list (which MSRs and values is the
   * kernel's decision) and switches to the guest's page tables. MSRs not in the list keep the host's
   * values, IA32_PEBS_ENABLE included when the list leaves it out; on exit the values they held at entry
   * come back. The guest's PEBS index view starts from the host's index.
   */
  public VmEntryResult enterGuest(int guestId, GuestAddressSpace space, List<MsrWrite> guestMsrValues) {
    return enterGuest(guestId, space, guestMsrValues, Ring.KERNEL);
  }

  /** {@link #enterGuest(int, GuestAddressSpace, List)} with the vCPU resuming at {@code guestRing}. */
  public VmEntryResult enterGuest(int guestId, GuestAddressSpace space, List<MsrWrite> guestMsrValues,
      Ring guestRing) {
    List<SwitchMsr> list = new ArrayList<>();
    for (MsrWrite w : guestMsrValues) {
      MsrResult now = regs.read(w.msr());
      if (now instanceof MsrResult.GeneralProtection gp) {
        return new VmEntryResult.Failed(w, "VM-entry failure due to MSR loading: " + gp.reason());
      }
      // the host value is what the register holds now; always switched, as the caller asked
      list.add(new SwitchMsr(w.msr(), ((MsrResult.Value) now).value(), w.value()));
    }
    return enter(guestId, space, list, guestRing, true);
  }

  /**
   * VM entry through KVM's atomic switch: each switched entry of {@code switchList} loads its guest value now
   * and its listed host value at {@link #exitToHost()} (atomic_switch_perf_msrs, arch/x86/kvm/vmx/vmx.c: the
   * VM-entry and VM-exit MSR-load lists). An entry whose host and guest values are equal is not switched at
   * all: the register keeps its current value in guest mode and after exit.
   */
  public VmEntryResult enterGuestSwitching(int guestId, GuestAddressSpace space, List<SwitchMsr> switchList,
      Ring guestRing) {
    return enter(guestId, space, switchList, guestRing, false);
  }

  private VmEntryResult enter(int guestId, GuestAddressSpace space, List<SwitchMsr> list, Ring guestRing,
      boolean switchEqual) {
    Objects.requireNonNull(space, "space");
    if (this.guestId != PmuSink.HOST) {
      return new VmEntryResult.Failed(null, "already in guest " + this.guestId);
    }
    if (guestId < 0) {
      return new VmEntryResult.Failed(null, "guest ids are non-negative, got " + guestId);
    }
    List<MsrWrite> undo = new ArrayList<>();
    List<MsrWrite> exitLoads = new ArrayList<>();
    for (SwitchMsr m : list) {
      if (!switchEqual && !m.switched()) {
        continue;
      }
      MsrResult before = regs.read(m.msr());
      MsrResult loaded = before.ok() ? wrmsr(m.msr(), m.guest()) : before;
      if (loaded instanceof MsrResult.GeneralProtection gp) {
        restore(undo);
        return new VmEntryResult.Failed(new MsrWrite(m.msr(), m.guest()),
            "VM-entry failure due to MSR loading: " + gp.reason());
      }
      undo.add(new MsrWrite(m.msr(), ((MsrResult.Value) before).value()));
      exitLoads.add(new MsrWrite(m.msr(), m.host()));
    }
    hostValuesToRestore.clear();
    hostValuesToRestore.addAll(exitLoads);
    this.guestId = guestId;
    this.guestSpace = space;
    this.ring = Objects.requireNonNull(guestRing, "guestRing");
    ds.guestIndexOff = ds.hostIndexOff;
    return new VmEntryResult.Entered(guestId);
  }

  /**
   * VM exit: the host values of the switched MSRs are loaded, the host's page tables, host ring 0. Returns
   * the first host value the CPU refused (a VM-exit MSR-load failure, a VMX abort on real hardware), if any.
   */
  public Optional<MsrResult.GeneralProtection> exitToHost() {
    if (guestId == PmuSink.HOST) {
      return Optional.empty();
    }
    Optional<MsrResult.GeneralProtection> failed = restore(hostValuesToRestore);
    hostValuesToRestore.clear();
    guestId = PmuSink.HOST;
    guestSpace = null;
    ring = Ring.KERNEL;
    return failed;
  }

  private Optional<MsrResult.GeneralProtection> restore(List<MsrWrite> hostValues) {
    MsrResult.GeneralProtection first = null;
    for (int i = hostValues.size() - 1; i >= 0; i--) {
      MsrResult r = wrmsr(hostValues.get(i).msr(), hostValues.get(i).value());
      if (r instanceof MsrResult.GeneralProtection gp && first == null) {
        first = gp;
      }
    }
    return Optional.ofNullable(first);
  }

  /** The privilege level the current context runs at from now on. */
  public void setRing(Ring ring) {
    this.ring = Objects.requireNonNull(ring, "ring");
  }

  public ExecutionContext context() {
    return guestId == PmuSink.HOST ? new ExecutionContext.Host(ring)
        : new ExecutionContext.Guest(guestId, ring, guestSpace);
  }

  /**
   * Runs one slice of execution in the current context: {@code cycles} unhalted cycles retiring
   * {@code instructions}, spread evenly over {@code durationNanos} from {@code startNanos}. Every counting
   * counter advances in closed form; each overflow is handled in time order (PEBS record, or a PMI for a
   * non-precise sample) and reported to {@code sink} with its simulated time. Host-context records go into
   * the preallocated DS buffer without allocating; guest-context writes go to the sink.
   *
   * @param state the architectural state PEBS records are filled from, for the whole slice
   */
  public SliceStatus runSlice(long cycles, long instructions, CpuState state, long startNanos,
      long durationNanos, PmuSink sink) {
    if (cycles < 0 || instructions < 0 || durationNanos < 0 || (cycles == 0 && instructions > 0)
        || state == null || sink == null) {
      return SliceStatus.INVALID_INPUT;
    }
    if (cycles > 0) {
      runner.run(cycles, instructions, state, startNanos, durationNanos, ring, guestId, guestSpace, sink);
    }
    return SliceStatus.RAN;
  }

  /**
   * Consecutive parts of host-context execution (a slice's, or several slices'), as {@link #setRing} and
   * {@link #runSlice} for each part in turn would run them, counted in closed form in O(parts x counters)
   * when each counter's overflows are independent of the others' (perf's handler inline, every PEBS record
   * drained on its own at a one-record threshold, at most one interrupting non-PEBS counter and then a
   * single part: see {@code HostPartCount}).
   * Registers, the ring, the host PEBS index and every total end as that loop leaves them, and
   * {@link HostSliceParts#produced} holds each part's records; the PEBS records are reported as
   * {@link PmuSink#hostRecordsCounted}, not written. False, with nothing changed, when the slice does not
   * qualify (the caller then runs the parts).
   */
  public boolean countHostSlice(HostSliceParts parts, PmuSink sink) {
    if (guestId != PmuSink.HOST || sink == null) {
      return false;
    }
    for (int p = 0; p < parts.count; p++) {
      if (parts.cycles[p] <= 0 || parts.instructions[p] < 0 || parts.durationNanos[p] < 0) {
        return false;
      }
    }
    if (!hostCount.count(parts, sink)) {
      return false;
    }
    ring = parts.rings[parts.count - 1];
    return true;
  }

  /**
   * What the host kernel's PMI handler does with the DS buffer: report the records between base and index
   * to {@code sink} and reset the index to base. Returns the number of records drained.
   */
  public long drainHostBuffer(PmuSink sink) {
    return ds.drain(Objects.requireNonNull(sink, "sink"), tally);
  }

  public PmuStats stats() {
    return tally.snapshot();
  }
}
