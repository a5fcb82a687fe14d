package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The window's own rules, with answers the test completes by hand (a real fleet: ProvisionWindowTest). */
class AskWindowTest {

  @Test
  void answersComeBackInItemOrderWithNoMoreThanTheWindowPending() {
    List<CompletableFuture<Integer>> pending = new ArrayList<>();
    CompletableFuture<List<Integer>> all = AskWindow.askAll(List.of(1, 2, 3, 4, 5), 2, item -> {
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      pending.add(answer);
      return answer;
    });
    assertEquals(2, pending.size());
    pending.get(1).complete(20);
    assertEquals(3, pending.size(), "one answered, one more asked");
    pending.get(0).complete(10);
    pending.get(2).complete(30);
    pending.get(3).complete(40);
    assertFalse(all.isDone());
    pending.get(4).complete(50);
    assertEquals(List.of(10, 20, 30, 40, 50), all.join());
  }

  @Test
  void afterAFailureNothingMoreIsAskedAndTheResultWaitsForTheAsksInFlight() {
    List<CompletableFuture<Integer>> pending = new ArrayList<>();
    CompletableFuture<List<Integer>> all = AskWindow.askAll(List.of(1, 2, 3, 4, 5), 2, item -> {
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      pending.add(answer);
      return answer;
    });
    IllegalStateException down = new IllegalStateException("host-0 down");
    pending.get(0).completeExceptionally(down);
    assertEquals(2, pending.size(), "no host asked after the failure");
    assertFalse(all.isDone(), "host-1 is still being asked");
    pending.get(1).complete(2);
    ExecutionException failed = assertThrows(ExecutionException.class, all::get);
    assertSame(down, failed.getCause());
  }

  @Test
  void answersGivenAtOnceDoNotRecurse() {
    List<Integer> items = IntStream.range(0, 200_000).boxed().toList();
    List<Integer> answers = AskWindow.askAll(items, 4, CompletableFuture::completedFuture).join();
    assertEquals(items, answers);
    assertTrue(AskWindow.askAll(List.of(), 4, CompletableFuture::completedFuture).join().isEmpty());
  }
}
