package org.perfsim.coordinator;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import org.perfsim.abi.AttrFlag;
import org.perfsim.api.v1.FirstPanicSpread;
import org.perfsim.api.v1.Explanation;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.GuestHealth;
import org.perfsim.api.v1.GuestSpec;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostHealth;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.PanicCause;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.AbiChange;
import org.perfsim.api.v1.AbiCheckResponse;
import org.perfsim.api.v1.MatrixRow;
import org.perfsim.session.AbiDiff;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.PerfEventAttr;
import org.perfsim.api.v1.TimelineEntry;
import org.perfsim.api.v1.MemoryLayout;
import org.perfsim.api.v1.OutcomeCount;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionProgress;
import org.perfsim.api.v1.SessionStarted;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.RebootPolicy;
import org.perfsim.api.v1.RebootPolicyKind;
import org.perfsim.coordinator.core.FleetCatalog;
import org.perfsim.coordinator.core.HostResult;
import org.perfsim.coordinator.core.HostView;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.coordinator.core.ProvisionSpec;
import org.perfsim.coordinator.core.SessionSummary;
import org.perfsim.coordinator.core.SessionRegistry;
import org.perfsim.coordinator.core.TrackedSession;
import org.perfsim.host.HostEntity;
import org.perfsim.host.HostProfile;
import org.perfsim.vm.GuestDamage;
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

  /** The spread of the hosts' first panics (the domain's {@link PanicSpread}). */
  static FirstPanicSpread firstPanicSpread(PanicSpread p) {
    return FirstPanicSpread.newBuilder().setHosts(p.hosts()).setMin(duration(p.minNanos()))
        .setMedian(duration(p.medianNanos())).setP99(duration(p.p99Nanos())).setMax(duration(p.maxNanos())).build();
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
          .setReason(p.reason()).setCause(panicCause(p.cause())));
    }
    if (r.firstPanicNanos() >= 0) {
      b.setFirstPanicTime(duration(r.firstPanicNanos())).setLastPanicTime(duration(r.lastPanicNanos()));
    }
    for (SessionResult.TimelineEvent t : r.timeline()) {
      b.addTimeline(TimelineEntry.newBuilder().setTime(duration(t.atNanos())).setText(t.what()));
    }
    finished.perfData().ifPresent(f -> b.setPerfData(com.google.protobuf.ByteString.copyFrom(f.bytes())));
    return b.build();
  }

  /**
   * One host's answer: its result, or (its node did not answer, or the ask timed out) why it has none; with the
   * host as the session found it either way.
   */
  public static HostSessionResult hostResult(HostResult host) {
    HostSessionResult.Builder b = host.result()
        .map(r -> hostResult(new HostEntity.SessionFinished(host.hostId(), host.nodeAddress(), r,
            host.perfData())).toBuilder())
        .orElseGet(() -> HostSessionResult.newBuilder().setHostId(host.hostId()).setNodeError(host.nodeError())
            .setNodeUnreachable(host.isUnreachable()).setNodeAddress(host.nodeAddress()));
    HostResult.Setup setup = host.setup();
    return b.setCpuModel(setup.cpu()).setKernelPolicy(setup.kernel()).setPerfGeneration(setup.perf())
        .setGuests(setup.guests()).build();
  }

  public static PanicCause panicCause(org.perfsim.vm.PanicCause cause) {
    return switch (cause) {
      case NONE -> PanicCause.PANIC_CAUSE_UNSPECIFIED;
      case KERNEL_TEXT -> PanicCause.PANIC_CAUSE_KERNEL_TEXT;
      case KERNEL_DATA -> PanicCause.PANIC_CAUSE_KERNEL_DATA;
      case PAGE_TABLES -> PanicCause.PANIC_CAUSE_PAGE_TABLES;
      case LATENT_CORRUPTION -> PanicCause.PANIC_CAUSE_LATENT_CORRUPTION;
    };
  }

  /** The domain's outcome for the API's ({@code OUTCOME_UNSPECIFIED}: none). */
  public static java.util.Optional<org.perfsim.session.Outcome> domainOutcome(Outcome outcome) {
    return java.util.Arrays.stream(org.perfsim.session.Outcome.values()).filter(o -> outcome(o) == outcome)
        .findFirst();
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
  /** An abi-check's verdict: the fields of {@code perfsim abi-check --format json}. */
  public static AbiCheckResponse abiCheck(AbiDiff d) {
    return AbiCheckResponse.newBuilder().setFrom(d.from().id()).setTo(d.to().id()).setCases(d.cases())
        .setRegression(d.hasRegression()).addAllRegressions(changes(d.regressions())).addAllFixes(changes(d.fixes()))
        .addAllBack(changes(d.restored())).addAllCrashes(changes(d.crashes()))
        .addAllOtherChanges(changes(d.otherChanges())).setUnchanged(d.unchanged()).build();
  }

  private static java.util.List<AbiChange> changes(java.util.List<AbiDiff.Change> changes) {
    return changes.stream().map(c -> AbiChange.newBuilder().setBefore(matrixRow(c.before()))
        .setAfter(matrixRow(c.after())).build()).toList();
  }

  public static GuestHealth health(GuestState state) {
    return switch (state) {
      case RUNNING -> GuestHealth.GUEST_HEALTH_RUNNING;
      case CORRUPTED -> GuestHealth.GUEST_HEALTH_CORRUPTED;
      case PANICKED -> GuestHealth.GUEST_HEALTH_PANICKED;
      case REBOOTING -> GuestHealth.GUEST_HEALTH_REBOOTING;
      case STOPPED -> GuestHealth.GUEST_HEALTH_STOPPED;
    };
  }

  /** A host as the API shows it; {@code withGuests} adds one entry per guest (DescribeHost), else only the counts. */
  public static Host host(HostView view, boolean withGuests) {
    FleetCatalog.CatalogHost host = view.host();
    HostProfile p = host.profile();
    HostHealth.Builder health = HostHealth.newBuilder();
    Host.Builder b = Host.newBuilder().setHostId(p.hostId()).putAllLabels(host.labels()).setCpuModel(p.cpu())
        .setKernelPolicy(p.kernel()).setPerfGeneration(p.perfVersion()).setPcpus(p.pcpus())
        .setNodeAddress(view.now().nodeAddress()).setGuestSpec(guestSpec(host.guestShape()))
        .setRebootPolicy(rebootPolicy(host.reboot())).setActiveSessionId(view.activeSession())
        .setPerfEventParanoid(p.perfEventParanoid());
    for (HostView.GuestView guest : view.guests()) {
      GuestDamage damage = guest.damage();
      switch (guest.state()) {
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
        b.addGuests(guest(guest));
      }
    }
    return b.setHealth(health).build();
  }

  /** One guest with its health and what PEBS writes did to it. */
  public static Guest guest(HostView.GuestView view) {
    GuestSpec spec = guestSpec(view.host().guestShape());
    GuestDamage damage = view.damage();
    return Guest.newBuilder().setGuestId(view.guestId()).setVcpus(spec.getVcpus()).setMemoryMib(spec.getMemoryMib())
        .setLayout(spec.getLayout()).setBusyShare(spec.getBusyShare()).setHealth(health(view.state()))
        .setPanics(damage.panics()).setProcessesKilled(damage.processesKilled())
        .setLatentCorruptions(damage.latentCorruptions()).setLastPanicReason(damage.lastPanicReason())
        .setLastPanicSessionId(view.lastPanicSession()).build();
  }

  public static GuestSpec guestSpec(ProvisionSpec.GuestShape shape) {
    ProvisionRequest.LayoutMib l = shape.layout();
    return GuestSpec.newBuilder().setVcpus(shape.vcpus()).setMemoryMib(shape.memoryMib())
        .setLayout(MemoryLayout.newBuilder().setReservedMib(l.reserved()).setKernelTextMib(l.kernelText())
            .setKernelDataMib(l.kernelData()).setPageTablesMib(l.pageTables()).setUserMib(l.user())
            .setFreeMib(l.free()))
        .setBusyShare(shape.busyShare()).build();
  }

  public static RebootPolicy rebootPolicy(ProvisionSpec.Reboot reboot) {
    RebootPolicy.Builder out = RebootPolicy.newBuilder().setBootTime(duration(reboot.bootTime().toNanos()));
    if (reboot.afterDelay()) {
      out.setKind(RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY).setDelay(duration(reboot.delay().toNanos()));
    } else {
      out.setKind(RebootPolicyKind.REBOOT_POLICY_KIND_NONE);
    }
    return out.build();
  }

  public static SessionState sessionState(SessionSummary.SessionState state) {
    return switch (state) {
      case RUNNING -> SessionState.SESSION_STATE_RUNNING;
      case FINISHED -> SessionState.SESSION_STATE_FINISHED;
      case CANCELLED -> SessionState.SESSION_STATE_CANCELLED;
      case INTERRUPTED -> SessionState.SESSION_STATE_INTERRUPTED;
    };
  }

  public static SessionStarted started(TrackedSession.Started s) {
    return SessionStarted.newBuilder().setSessionId(s.sessionId()).addAllHostIds(s.hostIds())
        .setHostsSelected(s.hostIds().size()).addAllArgv(s.argv()).setPerfGeneration(s.perfGeneration())
        .setSeed(s.seed()).setStartTime(timestamp(s.startTime())).build();
  }

  public static SessionProgress progress(SessionSummary.Progress p) {
    SessionProgress.Builder b = SessionProgress.newBuilder().setHostsDone(p.hostsDone()).setHostsTotal(p.hostsTotal())
        .setGuestsPanicked(p.guestsPanicked());
    p.simulatedNanos().ifPresent(nanos -> b.setSimulatedTime(duration(nanos)));
    return b.build();
  }

  public static org.perfsim.api.v1.SessionSummary summary(SessionSummary s) {
    org.perfsim.api.v1.SessionSummary.Builder b = org.perfsim.api.v1.SessionSummary.newBuilder()
        .setSessionId(s.sessionId()).setState(sessionState(s.state())).setHostsDone(s.hostsDone())
        .setHostsTotal(s.hostsTotal()).setHostsFailed(s.hostsFailed()).setGuestsHit(s.guestsHit())
        .setGuestsPanicked(s.guestsPanicked()).setSamplesHost(s.samplesHost()).setSamplesGuest(s.samplesGuest())
        .setBytesWrittenIntoGuests(s.bytesWrittenIntoGuests()).setStartTime(timestamp(s.startTime()));
    // in the wire enum's order, as the API has always listed them
    s.outcomes().entrySet().stream().map(e -> OutcomeCount.newBuilder().setOutcome(outcome(e.getKey()))
        .setHosts(e.getValue()).build()).sorted(Comparator.comparingInt(o -> o.getOutcome().getNumber()))
        .forEach(b::addOutcomes);
    s.firstPanicNanos().ifPresent(n -> b.setFirstPanicTime(duration(n)));
    s.lastPanicNanos().ifPresent(n -> b.setLastPanicTime(duration(n)));
    s.firstPanicSpread().ifPresent(spread -> b.setFirstPanicSpread(firstPanicSpread(spread)));
    s.endTime().ifPresent(t -> b.setEndTime(timestamp(t)));
    return b.build();
  }

  /** The session, of this run or an earlier one, as GetSession returns it; {@code full} adds every host's result. */
  public static Session session(SessionRegistry.Entry entry, boolean full) {
    return entry instanceof TrackedSession tracked ? session(tracked, full)
        : StoredSessions.session((SessionRegistry.Past) entry, full);
  }

  /** The session as GetSession returns it; {@code full} adds every host's result. */
  public static Session session(TrackedSession session, boolean full) {
    Session.Builder b = Session.newBuilder().setSessionId(session.id())
        .setRequest(ApiRequests.startSessionRequest(session.request())).addAllHostIds(session.hostIds())
        .setSummary(summary(session.summary()));
    if (full) {
      session.results().forEach(r -> b.addHostResults(hostResult(r)));
    }
    return b.build();
  }
}
