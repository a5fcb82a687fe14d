package org.perfsim.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Awaits one host's session for a caller outside the actors: hears the host's result and its progress reports
 * ({@link HostEntity.SessionProgress}), and gives up on the host only after {@code perfsim.fleet.session-silence}
 * of wall-clock time without a report. A session is thus bounded by its host's liveness, not by a guess at how
 * long its work takes on a machine shared with the rest of the fleet. Lives for one session; one behaviour, as it
 * only ever waits. Its messages are the host's own replies (so the caller can name it as their address and send
 * the session itself, in order with what it sends next) and its private silence timer.
 */
public final class SessionWaiter {

  /** The silence timer fired: check whether the host was heard from since it was set. */
  private record Silent() {}

  private static final Object SILENCE = "silence";

  private final String hostId;
  private final Duration silence;
  private final CompletableFuture<HostEntity.SessionFinished> result;
  private final LongConsumer onProgress;
  private final TimerScheduler<Object> timers;
  private long reachedNanos = -1;
  /** Wall clock of the last report (or of the start); the timer is not restarted per report, only re-armed. */
  private long lastHeardWallNanos = System.nanoTime();

  private SessionWaiter(String hostId, Duration silence, CompletableFuture<HostEntity.SessionFinished> result,
      LongConsumer onProgress, TimerScheduler<Object> timers) {
    this.hostId = hostId;
    this.silence = silence;
    this.result = result;
    this.onProgress = onProgress;
    this.timers = timers;
  }

  /**
   * A waiter for {@code hostId}'s session, to be named as the session's reply and progress address: completes
   * {@code result} with the host's answer, or with a {@link TimeoutException} after {@code silence} without
   * progress; {@code onProgress} hears each simulated time reached (on the waiter's thread; it must not block).
   */
  public static Behavior<Object> create(String hostId, Duration silence,
      CompletableFuture<HostEntity.SessionFinished> result, LongConsumer onProgress) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(SILENCE, new Silent(), silence);
      return new SessionWaiter(hostId, silence, result, onProgress, timers).waiting();
    });
  }

  private Behavior<Object> waiting() {
    return Behaviors.receive(Object.class)
        .onMessage(HostEntity.SessionProgress.class, progress -> {
          lastHeardWallNanos = System.nanoTime();
          reachedNanos = Math.max(reachedNanos, progress.reachedNanos());
          onProgress.accept(progress.reachedNanos());
          return Behaviors.same();
        })
        .onMessage(HostEntity.SessionFinished.class, finished -> {
          result.complete(finished);
          return Behaviors.stopped();
        })
        .onMessage(Silent.class, silent -> {
          long quiet = System.nanoTime() - lastHeardWallNanos;
          if (quiet < silence.toNanos()) {
            // heard from since the timer was set: wait for the rest of the bound from the last report
            timers.startSingleTimer(SILENCE, new Silent(), Duration.ofNanos(silence.toNanos() - quiet));
            return Behaviors.same();
          }
          result.completeExceptionally(new TimeoutException(hostId + " reported no progress for "
              + silence.toMillis() + " ms (perfsim.fleet.session-silence)" + (reachedNanos < 0
                  ? "; its session never reported a step (it may wait behind another session)"
                  : "; its session last reached " + reachedNanos / 1_000_000 + " ms of simulated time")));
          return Behaviors.stopped();
        })
        .build();
  }
}
