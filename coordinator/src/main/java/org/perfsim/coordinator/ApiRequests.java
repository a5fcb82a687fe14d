package org.perfsim.coordinator;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.GuestSpec;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.MemoryLayout;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RebootPolicy;
import org.perfsim.api.v1.RebootPolicyKind;
import org.perfsim.api.v1.AbiCheckRequest;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.AbiUseCases;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.coordinator.core.SessionRequest;

/** perfsim.v1 requests as the core's domain requests (and a session's request back, for GetSession). */
public final class ApiRequests {
  private ApiRequests() {}

  public static ProvisionRequest provision(ProvisionHostsRequest r) {
    ProvisionRequest.HostNames hosts = switch (r.getHostsCase()) {
      case COUNT -> new ProvisionRequest.Count(r.getCount());
      case IDS -> new ProvisionRequest.Ids(r.getIds().getIdsList());
      case HOSTS_NOT_SET -> new ProvisionRequest.Unset();
    };
    return new ProvisionRequest(hosts, r.getLabelsMap(), r.getCpuModel(), r.getKernelPolicy(), r.getPerfGeneration(),
        r.getPcpus(), r.hasGuestsPerHost() ? OptionalInt.of(r.getGuestsPerHost()) : OptionalInt.empty(),
        guest(r.getGuest()), reboot(r.getRebootPolicy()),
        r.hasPerfEventParanoid() ? OptionalInt.of(r.getPerfEventParanoid()) : OptionalInt.empty());
  }

  private static ProvisionRequest.GuestRequest guest(GuestSpec g) {
    MemoryLayout l = g.getLayout();
    return new ProvisionRequest.GuestRequest(g.getVcpus(), g.getMemoryMib(),
        g.hasBusyShare() ? OptionalDouble.of(g.getBusyShare()) : OptionalDouble.empty(),
        g.hasLayout() ? Optional.of(new ProvisionRequest.LayoutMib(l.getReservedMib(), l.getKernelTextMib(),
            l.getKernelDataMib(), l.getPageTablesMib(), l.getUserMib(), l.getFreeMib())) : Optional.empty());
  }

  private static ProvisionRequest.RebootRequest reboot(RebootPolicy given) {
    if (given.getKindValue() > RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY_VALUE) {
      throw CoreError.invalid("reboot_policy.kind", "unknown kind " + given.getKindValue());
    }
    return new ProvisionRequest.RebootRequest(given.getKind() == RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY,
        given.hasDelay() ? Optional.of(duration(given.getDelay())) : Optional.empty(),
        given.hasBootTime() ? Optional.of(duration(given.getBootTime())) : Optional.empty());
  }

  private static final long MAX_DURATION_SECONDS = 1L << 40;

  private static Duration duration(com.google.protobuf.Duration d) {
    // clamped far past every bound, so that the core refuses an absurd value by its field instead of
    // java.time overflowing here (found by RandomRequestsFuzzTest: seconds Long.MIN_VALUE, nanos -1)
    long seconds = Math.max(-MAX_DURATION_SECONDS, Math.min(MAX_DURATION_SECONDS, d.getSeconds()));
    return Duration.ofSeconds(seconds, d.getNanos());
  }

  public static SessionRequest session(StartSessionRequest r) {
    SessionRequest.Command command = switch (r.getCommandCase()) {
      case COMMAND_LINE -> new SessionRequest.CommandLine(r.getCommandLine());
      case ARGV -> new SessionRequest.Argv(r.getArgv().getArgsList());
      case COMMAND_NOT_SET -> new SessionRequest.NoCommand();
    };
    return new SessionRequest(command,
        r.hasPerfGeneration() ? Optional.of(r.getPerfGeneration()) : Optional.empty(),
        r.hasSeed() ? OptionalLong.of(r.getSeed()) : OptionalLong.empty(), hosts(r), r.getPerfData(),
        r.hasPerfDataMaxSamplesPerCpu() ? OptionalInt.of(r.getPerfDataMaxSamplesPerCpu()) : OptionalInt.empty(),
        r.hasCallerCapabilities() ? Optional.of(r.getCallerCapabilities()) : Optional.empty(),
        r.getRedriveTimedOutHosts());
  }

  private static SessionRequest.HostChoice hosts(StartSessionRequest r) {
    HostSelector s = r.getHosts();
    return switch (s.getSelectionCase()) {
      case IDS -> new SessionRequest.Ids(s.getIds().getIdsList());
      case LABELS -> new SessionRequest.Labels(s.getLabels().getMatchLabelsMap());
      case ALL -> new SessionRequest.All(s.getAll());
      case COUNT -> new SessionRequest.Count(s.getCount());
      case PERCENT -> new SessionRequest.Percent(s.getPercent());
      case SELECTION_NOT_SET -> new SessionRequest.NoChoice();
    };
  }

  /** The request as the caller sent it (GetSession echoes it). */
  public static StartSessionRequest startSessionRequest(SessionRequest r) {
    StartSessionRequest.Builder b = StartSessionRequest.newBuilder();
    if (r.command() instanceof SessionRequest.CommandLine line) {
      b.setCommandLine(line.line());
    } else if (r.command() instanceof SessionRequest.Argv argv) {
      b.setArgv(Argv.newBuilder().addAllArgs(argv.args()));
    }
    r.perfGeneration().ifPresent(b::setPerfGeneration);
    r.seed().ifPresent(b::setSeed);
    if (r.perfData()) {
      b.setPerfData(true);
    }
    r.perfDataSamplesPerCpu().ifPresent(b::setPerfDataMaxSamplesPerCpu);
    r.callerCapabilities().ifPresent(b::setCallerCapabilities);
    if (r.redriveTimedOutHosts()) {
      b.setRedriveTimedOutHosts(true);
    }
    HostSelector.Builder hosts = HostSelector.newBuilder();
    SessionRequest.HostChoice c = r.hosts();
    if (c instanceof SessionRequest.Ids ids) {
      b.setHosts(hosts.setIds(HostIdList.newBuilder().addAllIds(ids.ids())));
    } else if (c instanceof SessionRequest.Labels labels) {
      b.setHosts(hosts.setLabels(LabelSelector.newBuilder().putAllMatchLabels(labels.matchLabels())));
    } else if (c instanceof SessionRequest.All all) {
      b.setHosts(hosts.setAll(all.all()));
    } else if (c instanceof SessionRequest.Count count) {
      b.setHosts(hosts.setCount(count.count()));
    } else if (c instanceof SessionRequest.Percent percent) {
      b.setHosts(hosts.setPercent(percent.percent()));
    }
    return b.build();
  }

  public static AbiUseCases.OpenRequest open(OpenAttrRequest r) {
    return new AbiUseCases.OpenRequest(r.getKernelPolicy(), r.getCpuModel(), r.getOnlineCpus(),
        r.getAttr().toByteArray(),
        r.hasPerfEventParanoid() ? OptionalInt.of(r.getPerfEventParanoid()) : OptionalInt.empty(),
        r.getUnprivileged(), r.hasPid() ? OptionalInt.of(r.getPid()) : OptionalInt.empty(),
        r.hasCpu() ? OptionalInt.of(r.getCpu()) : OptionalInt.empty(),
        r.hasGroupFd() ? OptionalInt.of(r.getGroupFd()) : OptionalInt.empty(), r.getFlags(),
        r.hasAttrText() ? Optional.of(r.getAttrText()) : Optional.empty());
  }

  public static AbiUseCases.MatrixRequest matrix(RunMatrixRequest r) {
    return new AbiUseCases.MatrixRequest(r.getPerfGenerationsList(), r.getKernelsList(), r.getCpusList(),
        r.getEventsList(), r.hasGuests() ? OptionalLong.of(Integer.toUnsignedLong(r.getGuests())) : OptionalLong.empty(),
        r.getIdleGuests(), r.getBaseline(), r.hasSeed() ? OptionalLong.of(r.getSeed()) : OptionalLong.empty(),
        r.hasPerfEventParanoid() ? OptionalInt.of(r.getPerfEventParanoid()) : OptionalInt.empty(),
        r.hasCallerCapabilities() ? Optional.of(r.getCallerCapabilities()) : Optional.empty());
  }

  public static AbiUseCases.AbiCheckRequest abiCheck(AbiCheckRequest r) {
    return new AbiUseCases.AbiCheckRequest(r.getFrom(), r.getTo(), r.getKernelPoliciesList(),
        r.getPerfGenerationsList(), r.getCpusList(), r.getEventsList(),
        r.hasGuests() ? OptionalLong.of(Integer.toUnsignedLong(r.getGuests())) : OptionalLong.empty(),
        r.getIdleGuests(), r.hasSeed() ? OptionalLong.of(r.getSeed()) : OptionalLong.empty());
  }
}
