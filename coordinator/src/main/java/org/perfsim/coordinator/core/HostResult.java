package org.perfsim.coordinator.core;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.session.SessionResult;

/**
 * One host's answer to a session: perf's result there, or why the host could not run it at all (its node did
 * not answer, or the ask timed out), in which case {@code result} is empty and {@code nodeError} says why;
 * {@code setup} is the host as the session found it; {@code perfData} the session's perf.data file there, if
 * one was asked for (the session's history keeps none).
 */
public record HostResult(String hostId, String nodeAddress, Optional<SessionResult> result, String nodeError,
    Setup setup, Optional<PerfDataFile> perfData) {

  /**
   * The host as the catalog had it when the session started (a report groups hosts by these and counts their
   * guests): CPU model, kernel policy, the perf generation the session ran (the request's override, else the
   * installed one) and the guests provisioned; blanks and 0 for a host the catalog no longer knew.
   */
  public record Setup(String cpu, String kernel, String perf, int guests) {
    static Setup of(Optional<FleetCatalog.CatalogHost> host, Optional<String> perfOverride) {
      return host.map(h -> new Setup(h.profile().cpu(), h.profile().kernel(),
          perfOverride.orElse(h.profile().perfVersion()), h.profile().guests()))
          .orElseGet(() -> new Setup("", "", perfOverride.orElse(""), 0));
    }
  }

  public static HostResult ran(String hostId, String nodeAddress, SessionResult result, Setup setup) {
    return ran(hostId, nodeAddress, result, setup, Optional.empty());
  }

  /** perf's result and the session's perf.data file there, if one was asked for. */
  public static HostResult ran(String hostId, String nodeAddress, SessionResult result, Setup setup,
      Optional<PerfDataFile> perfData) {
    return new HostResult(hostId, nodeAddress, Optional.of(result), "", setup, perfData);
  }

  /** The same without its perf.data file (what the session's history keeps). */
  public HostResult withoutPerfData() {
    return new HostResult(hostId, nodeAddress, result, nodeError, setup, Optional.empty());
  }

  /** A host that could not run the session; {@code failure} is the ask's. */
  public static HostResult failed(String hostId, Throwable failure, Setup setup) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return new HostResult(hostId, "", Optional.empty(), cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        setup, Optional.empty());
  }

  /** What {@code nodeError} starts with when the host's cluster member was lost (a CLI's exit status reads it). */
  public static final String UNREACHABLE = "unreachable: ";

  /** A host whose cluster member {@code memberAddress} was lost ({@code how}: unreachable, downed, removed). */
  public static HostResult unreachable(String hostId, String memberAddress, String how, Setup setup) {
    return new HostResult(hostId, memberAddress, Optional.empty(),
        UNREACHABLE + "node " + memberAddress + " left the cluster (" + how + ")", setup, Optional.empty());
  }

  /** True when the host could not run the session because its node was lost. */
  public boolean isUnreachable() {
    return nodeError.startsWith(UNREACHABLE);
  }

  public int guestsPanicked() {
    return result.map(r -> r.panics().size()).orElse(0);
  }
}
