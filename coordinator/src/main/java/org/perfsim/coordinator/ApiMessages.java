package org.perfsim.coordinator;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.perfsim.abi.AttrFlag;
import org.perfsim.api.v1.FirstPanicSpread;
import org.perfsim.api.v1.Explanation;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.GuestHealth;
import org.perfsim.api.v1.GuestSpec;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostHealth;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.MatrixRow;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.PerfEventAttr;
import org.perfsim.api.v1.TimelineEntry;
import org.perfsim.host.HostEntity;
import org.perfsim.host.HostProfile;
import org.perfsim.vm.GuestState;
import org.perfsim.session.PanicSpread;
import org.perfsim.session.SessionResult;

/** Domain values as perfsim.v1 messages: one place for every domain-to-wire translation. */
public final class ApiMessages {
  private static final Descriptors.Descriptor ATTR = PerfEventAttr.getDescriptor();

  private ApiMessages() {}

  public static Outcome outcome(org.perfsim.session.Outcome outcome) {
    return switch (outcome) {
      case OK -> Outcome.OUTCOME_OK;
      case OK_HOST_ONLY -> Outcome.OUTCOME_OK_HOST_ONLY;
      case EOPNOTSUPP -> Outcome.OUTCOME_EOPNOTSUPP;
      case EINVAL -> Outcome.OUTCOME_EINVAL;
      case E2BIG -> Outcome.OUTCOME_E2BIG;
      case EACCES -> Outcome.OUTCOME_EACCES;
      case GUESTS_CRASHED -> Outcome.OUTCOME_GUESTS_CRASHED;
      case OTHER_ERRNO -> Outcome.OUTCOME_OTHER_ERROR;
      case NO_GUESTS_RUNNING -> Outcome.OUTCOME_NO_GUESTS_RUNNING;
    };
  }

  /** The spread of the hosts' first panics (the domain's {@link PanicSpread}), if any host had one. */
  static Optional<FirstPanicSpread> firstPanicSpread(List<HostSessionResult> results) {
    long[] firstPanics = results.stream().filter(HostSessionResult::hasFirstPanicTime)
        .mapToLong(r -> Durations.toNanos(r.getFirstPanicTime())).toArray();
    return PanicSpread.ofFirstPanics(firstPanics).map(p -> FirstPanicSpread.newBuilder().setHosts(p.hosts())
        .setMin(duration(p.minNanos())).setMedian(duration(p.medianNanos())).setP99(duration(p.p99Nanos()))
        .setMax(duration(p.maxNanos())).build());
  }

  /** Why an outcome is what it is: the domain explanation field by field. */
  public static Explanation explanation(org.perfsim.session.Explanation e) {
    Explanation.Builder b = Explanation.newBuilder().setEvent(e.event()).setKernelDetail(e.ruleDetail())
        .setOpened(e.opened()).setCountsGuest(e.countsGuest()).setPebsLeftEnabledAtVmEntry(e.pebsLeftEnabledAtVmEntry())
        .addAllPerfFallbacks(e.perfFallbacks()).setReason(e.reason());
    e.attr().ifPresent(a -> b.setHasAttr(true).setExcludeGuest(a.excludeGuest()).setExcludeHost(a.excludeHost())
        .setPreciseIp(a.preciseIp()).setExcludeUser(a.excludeUser()).setExcludeKernel(a.excludeKernel()));
    e.rule().ifPresent(r -> b.setKernelRule(r.id()).setKernelRuleText(r.kernelText()).setKernelRuleSource(r.source()));
    return b.build();
  }

  public static Duration duration(long nanos) {
    return Duration.newBuilder().setSeconds(Math.floorDiv(nanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(nanos, 1_000_000_000L)).build();
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** One host's session result as the API reports it. */
  public static HostSessionResult hostResult(HostEntity.SessionFinished finished) {
    SessionResult r = finished.result();
    HostSessionResult.Builder b = HostSessionResult.newBuilder()
        .setHostId(finished.hostId())
        .setNodeAddress(finished.nodeAddress())
        .setPerfExitStatus(r.exitStatus())
        .setPerfMessage(r.perfMessage())
        .setOutcome(outcome(r.outcome()))
        .setPrecisionUsed(r.precisionUsed())
        // opened and counting only in host context: exclude_guest, set by perf or forced by the kernel's rule
        .setExcludeGuestUsed(r.errno().isEmpty() && r.exitStatus() == 0 && !r.countsGuest())
        .setEventName(r.eventName())
        .addAllPerfNotes(r.perfNotes())
        .setSamplesHost(r.hostSamples())
        .putAllSamplesPerGuest(r.guestSamples().entrySet().stream().filter(e -> e.getValue() > 0)
            .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)))
        .setGuestsHit(r.guestsHit())
        .setBytesWrittenIntoGuests(r.pebsBytesIntoGuests())
        .setPebsRecordsIntoGuests(r.pebsRecordsIntoGuests())
        .setExplanation(explanation(r.explanation()));
    r.errno().ifPresent(e -> b.setErrnoName(e.name()).setErrnoNumber(e.number()));
    for (SessionResult.GuestPanic p : r.panics()) {
      b.addGuestsPanicked(GuestPanic.newBuilder().setGuestId(p.guestId()).setTime(duration(p.atNanos()))
          .setReason(p.reason()));
    }
    if (r.firstPanicNanos() >= 0) {
      b.setFirstPanicTime(duration(r.firstPanicNanos())).setLastPanicTime(duration(r.lastPanicNanos()));
    }
    for (SessionResult.TimelineEvent t : r.timeline()) {
      b.addTimeline(TimelineEntry.newBuilder().setTime(duration(t.atNanos())).setText(t.what()));
    }
    return b.build();
  }

  /** A host that could not run the session at all (its node did not answer, or the ask timed out). */
  public static HostSessionResult nodeError(String hostId, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return HostSessionResult.newBuilder().setHostId(hostId)
        .setNodeError(cause.getClass().getSimpleName() + ": " + cause.getMessage()).build();
  }

  /** Every field of a domain attr, flags by the kernel header's names. */
  public static PerfEventAttr attr(org.perfsim.abi.PerfEventAttr a) {
    PerfEventAttr.Builder b = PerfEventAttr.newBuilder()
        .setType(a.type()).setSize(a.size()).setConfig(a.config())
        .setSampleType(a.sampleType()).setReadFormat(a.readFormat())
        .setPreciseIp(a.preciseIp()).setFlagsRaw(a.flags())
        .setBpType(a.bpType()).setConfig1(a.config1()).setConfig2(a.config2())
        .setBranchSampleType(a.branchSampleType()).setSampleRegsUser(a.sampleRegsUser())
        .setSampleStackUser(a.sampleStackUser()).setClockid(a.clockid()).setSampleRegsIntr(a.sampleRegsIntr())
        .setAuxWatermark(a.auxWatermark()).setSampleMaxStack(Short.toUnsignedInt(a.sampleMaxStack()))
        .setAuxSampleSize(a.auxSampleSize()).setSigData(a.sigData()).setConfig3(a.config3());
    if (a.isFrequency()) {
      b.setSampleFreq(a.samplePeriodOrFreq());
    } else {
      b.setSamplePeriod(a.samplePeriodOrFreq());
    }
    if (a.has(AttrFlag.WATERMARK)) {
      b.setWakeupWatermark(a.wakeupEventsOrWatermark());
    } else {
      b.setWakeupEvents(a.wakeupEventsOrWatermark());
    }
    for (AttrFlag flag : AttrFlag.values()) {
      // the message's bool fields carry the header's names, so the flag table fills them
      b.setField(ATTR.findFieldByName(flag.fieldName()), a.has(flag));
    }
    return b.build();
  }

  /** A matrix row with the fields of {@code perfsim matrix --format json}. */
  public static MatrixRow matrixRow(org.perfsim.session.MatrixRow r) {
    MatrixRow.Builder b = MatrixRow.newBuilder()
        .setPerfVersion(r.perfVersion()).setKernel(r.kernel()).setCpu(r.cpu()).setEvent(r.event())
        .setGuests(r.idleGuests() ? 0 : r.guests()).setIdleGuests(r.idleGuests() ? r.guests() : 0)
        .setOutcome(outcome(r.outcome())).setPrecisionUsed(r.precisionUsed()).setGuestsCrashed(r.guestsCrashed())
        .setRegression(r.regression()).setBaselineOutcome(outcome(r.baselineOutcome()))
        .setFinalEvent(r.finalEvent()).addAllFallbacks(r.fallbacks())
        .setHostSamples(r.hostSamples()).setGuestSamples(r.guestSamples())
        .setReason(r.reason()).setExplanation(explanation(r.explanation()));
    if (r.errno() != null) {
      b.setErrno(r.errno());
    }
    return b.build();
  }

  /** A domain guest state as the API's guest health. */
  public static GuestHealth health(GuestState state) {
    return switch (state) {
      case RUNNING -> GuestHealth.GUEST_HEALTH_RUNNING;
      case CORRUPTED -> GuestHealth.GUEST_HEALTH_CORRUPTED;
      case PANICKED -> GuestHealth.GUEST_HEALTH_PANICKED;
      case REBOOTING -> GuestHealth.GUEST_HEALTH_REBOOTING;
      case STOPPED -> GuestHealth.GUEST_HEALTH_STOPPED;
    };
  }

  /**
   * A host as the API shows it: its spec from the catalog, its guests' health from the host actor, the
   * session it runs; {@code withGuests} adds one entry per guest (DescribeHost), else only the counts.
   */
  public static Host host(FleetCatalog.CatalogHost host, HostEntity.Description now, String activeSession,
      FleetCatalog catalog, boolean withGuests) {
    HostProfile p = host.profile();
    HostHealth.Builder health = HostHealth.newBuilder();
    Host.Builder b = Host.newBuilder().setHostId(p.hostId()).putAllLabels(host.labels()).setCpuModel(p.cpu())
        .setKernelPolicy(p.kernel()).setPerfGeneration(p.perfVersion()).setPcpus(p.pcpus())
        .setNodeAddress(now.nodeAddress()).setGuestSpec(host.guestSpec()).setRebootPolicy(host.rebootPolicy())
        .setActiveSessionId(activeSession);
    for (Map.Entry<Integer, GuestState> e : now.guests().entrySet()) {
      HostEntity.GuestDamage damage = now.damage().getOrDefault(e.getKey(), HostEntity.GuestDamage.NONE);
      switch (e.getValue()) {
        case RUNNING -> health.setRunning(health.getRunning() + 1);
        case CORRUPTED -> health.setCorrupted(health.getCorrupted() + 1);
        case PANICKED -> health.setPanicked(health.getPanicked() + 1);
        case REBOOTING -> health.setRebooting(health.getRebooting() + 1);
        case STOPPED -> health.setStopped(health.getStopped() + 1);
      }
      health.setPanics(health.getPanics() + damage.panics())
          .setProcessesKilled(health.getProcessesKilled() + damage.processesKilled())
          .setLatentCorruptions(health.getLatentCorruptions() + damage.latentCorruptions());
      if (withGuests) {
        b.addGuests(guest(host, e.getKey(), e.getValue(), damage, catalog.lastPanicSession(p.hostId(), e.getKey())));
      }
    }
    return b.setHealth(health).build();
  }

  /** One guest of {@code host} with its health and what PEBS writes did to it. */
  public static Guest guest(FleetCatalog.CatalogHost host, int guestId, GuestState state,
      HostEntity.GuestDamage damage, String lastPanicSession) {
    GuestSpec spec = host.guestSpec();
    return Guest.newBuilder().setGuestId(guestId).setVcpus(spec.getVcpus()).setMemoryMib(spec.getMemoryMib())
        .setLayout(spec.getLayout()).setBusyShare(spec.getBusyShare()).setHealth(health(state))
        .setPanics(damage.panics()).setProcessesKilled(damage.processesKilled())
        .setLatentCorruptions(damage.latentCorruptions()).setLastPanicReason(damage.lastPanicReason())
        .setLastPanicSessionId(lastPanicSession).build();
  }
}
