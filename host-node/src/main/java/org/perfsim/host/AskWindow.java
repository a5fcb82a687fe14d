package org.perfsim.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Asks of many hosts with a bounded number in flight: the next item is asked as soon as one answered, so an
 * ask's timeout measures that host's own work, not its place in a queue of every host (fired all at once, the
 * asks at the back of a big fleet timed out before their host was reached). After the first failure nothing
 * more is asked; the result fails with that failure once the asks in flight have settled, so a caller that
 * rolls back does so after the last answer.
 *
 * @param <T> an item to ask about
 * @param <R> its answer
 */
public final class AskWindow<T, R> {
  private final List<T> items;
  private final int size;
  private final Function<T, CompletableFuture<R>> ask;
  private final List<R> answers;
  private final CompletableFuture<List<R>> result = new CompletableFuture<>();
  /** Drain passes requested; only the thread that raised it from 0 drains (no recursion on inline answers). */
  private final AtomicInteger drainRequests = new AtomicInteger();
  private int next;
  private int inFlight;
  private Throwable firstFailure;

  private AskWindow(List<T> items, int size, Function<T, CompletableFuture<R>> ask) {
    this.items = List.copyOf(items);
    this.size = size;
    this.ask = ask;
    this.answers = new ArrayList<>(Collections.nCopies(items.size(), null));
  }

  /**
   * Asks {@code ask} of every item, at most {@code size} at once; the answers in {@code items} order, or the first
   * failure once nothing is in flight any more.
   */
  public static <T, R> CompletableFuture<List<R>> askAll(List<T> items, int size, Function<T, CompletableFuture<R>> ask) {
    if (size < 1) {
      throw new IllegalArgumentException("an ask window holds at least one ask, got " + size);
    }
    AskWindow<T, R> window = new AskWindow<>(items, size, ask);
    window.drain();
    return window.result;
  }

  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      int index;
      while ((index = nextIndex()) >= 0) {
        int asked = index;
        CompletableFuture<R> answer;
        try {
          answer = ask.apply(items.get(asked));
        } catch (RuntimeException e) {
          answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, failure) -> answered(asked, value, failure));
      }
      finishIfSettled();
      // every request raised meanwhile is served by this one more pass
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  /** The next item to ask, or -1 when the window is full, every item was asked or one failed. */
  private synchronized int nextIndex() {
    if (firstFailure != null || next == items.size() || inFlight == size) {
      return -1;
    }
    inFlight++;
    return next++;
  }

  private void answered(int index, R value, Throwable failure) {
    synchronized (this) {
      inFlight--;
      if (failure != null && firstFailure == null) {
        firstFailure = failure;
      }
      answers.set(index, value);
    }
    drain();
  }

  private void finishIfSettled() {
    List<R> done;
    Throwable failed;
    synchronized (this) {
      if (result.isDone() || inFlight > 0 || (firstFailure == null && next < items.size())) {
        return;
      }
      failed = firstFailure;
      done = failed == null ? Collections.unmodifiableList(new ArrayList<>(answers)) : null;
    }
    if (failed != null) {
      result.completeExceptionally(failed);
    } else {
      result.complete(done);
    }
  }
}
