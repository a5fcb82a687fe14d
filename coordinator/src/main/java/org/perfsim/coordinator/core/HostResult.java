package org.perfsim.coordinator.core;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.session.SessionResult;

/**
 * One host's answer to a session: perf's result there, or why the host could not run it at all (its node did
 * not answer, or the ask timed out), in which case {@code result} is empty and {@code nodeError} says why.
 */
public record HostResult(String hostId, String nodeAddress, Optional<SessionResult> result, String nodeError,
    Optional<PerfDataFile> perfData) {

  /** A result without a perf.data file. */
  public HostResult(String hostId, String nodeAddress, Optional<SessionResult> result, String nodeError) {
    this(hostId, nodeAddress, result, nodeError, Optional.empty());
  }

  public static HostResult ran(String hostId, String nodeAddress, SessionResult result) {
    return new HostResult(hostId, nodeAddress, Optional.of(result), "");
  }

  /** perf's result and the session's perf.data file there, if one was asked for. */
  public static HostResult ran(String hostId, String nodeAddress, SessionResult result,
      Optional<PerfDataFile> perfData) {
    return new HostResult(hostId, nodeAddress, Optional.of(result), "", perfData);
  }

  /** The same without its perf.data file (what the session's history keeps). */
  public HostResult withoutPerfData() {
    return new HostResult(hostId, nodeAddress, result, nodeError);
  }

  /** A host that could not run the session; {@code failure} is the ask's. */
  public static HostResult failed(String hostId, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return new HostResult(hostId, "", Optional.empty(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  public int guestsPanicked() {
    return result.map(r -> r.panics().size()).orElse(0);
  }
}
