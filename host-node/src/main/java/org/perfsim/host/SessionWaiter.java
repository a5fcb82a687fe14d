package org.perfsim.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.perfsim.wire.CborSerializable;

/**
 * Awaits one host's session for a caller outside the actors: sends the host the session with itself as the
 * address of the result and of the progress reports, and gives up on the host only after
 * {@code perfsim.fleet.session-silence} of wall-clock time without a report ({@link HostEntity.SessionProgress}).
 * A session is thus bounded by its host's liveness, not by a guess at how long its work takes on a machine
 * shared with the rest of the fleet. Lives for one session; one behaviour, as it only ever waits.
 */
public final class SessionWaiter {

  /** What the waiter hears: the host's answers (wrapped) and its own silence timer. */
  public sealed interface Command extends CborSerializable permits Finished, Progressed, Silent {}

  /** The host's result. */
  record Finished(HostEntity.SessionFinished finished) implements Command {}

  /** The host's report of how far the session got. */
  record Progressed(HostEntity.SessionProgress progress) implements Command {}

  /** No report for the whole silence bound. */
  record Silent() implements Command {}

  private static final String SILENCE = "silence";

  private final String hostId;
  private final Duration silence;
  private final CompletableFuture<HostEntity.SessionFinished> result;
  private final LongConsumer onProgress;
  private final TimerScheduler<Command> timers;
  private long reachedNanos = -1;

  private SessionWaiter(String hostId, Duration silence, CompletableFuture<HostEntity.SessionFinished> result,
      LongConsumer onProgress, TimerScheduler<Command> timers) {
    this.hostId = hostId;
    this.silence = silence;
    this.result = result;
    this.onProgress = onProgress;
    this.timers = timers;
  }

  /**
   * Starts {@code session} (built from the reply and progress addresses) on {@code host}, then waits: completes
   * {@code result} with the host's answer, or with a {@link TimeoutException} after {@code silence} without
   * progress; {@code onProgress} hears each simulated time reached (on the waiter's thread; it must not block).
   */
  public static Behavior<Command> create(EntityRef<HostEntity.Command> host,
      Function<Addresses, HostEntity.StartSession> session, Duration silence,
      CompletableFuture<HostEntity.SessionFinished> result, LongConsumer onProgress) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      host.tell(session.apply(new Addresses(
          context.messageAdapter(HostEntity.SessionFinished.class, Finished::new),
          context.messageAdapter(HostEntity.SessionProgress.class, Progressed::new))));
      timers.startSingleTimer(SILENCE, new Silent(), silence);
      return new SessionWaiter(host.getEntityId(), silence, result, onProgress, timers).waiting();
    }));
  }

  /** Where the host sends the session's result and its progress. */
  public record Addresses(ActorRef<HostEntity.SessionFinished> result, ActorRef<HostEntity.SessionProgress> progress) {}

  private Behavior<Command> waiting() {
    return Behaviors.receive(Command.class)
        .onMessage(Progressed.class, progressed -> {
          timers.startSingleTimer(SILENCE, new Silent(), silence); // restarts the bound
          reachedNanos = Math.max(reachedNanos, progressed.progress().reachedNanos());
          onProgress.accept(progressed.progress().reachedNanos());
          return Behaviors.same();
        })
        .onMessage(Finished.class, finished -> {
          result.complete(finished.finished());
          return Behaviors.stopped();
        })
        .onMessage(Silent.class, silent -> {
          result.completeExceptionally(new TimeoutException(hostId + " reported no progress for "
              + silence.toMillis() + " ms (perfsim.fleet.session-silence)" + (reachedNanos < 0
                  ? "; its session never reported a step (it may wait behind another session)"
                  : "; its session last reached " + reachedNanos / 1_000_000 + " ms of simulated time")));
          return Behaviors.stopped();
        })
        .build();
  }
}
