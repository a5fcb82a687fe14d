package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.SessionProgress;

class ProgressTest {

  @Test
  void hostsComingUpOnManyThreadsEndWithTheFullCountDrawn() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress.Counter hostsUp = new Progress("hosts up", 400, true, new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .counter();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 100; i++) {
          hostsUp.increment();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(10_000);
    }

    assertEquals(400, hostsUp.done());
    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.endsWith("hosts up [" + "#".repeat(30) + "] 400/400 "), drawn);
  }

  @Test
  void nothingIsDrawnWithoutATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress.Counter hostsUp = new Progress("hosts up", 2, false, new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .counter();
    hostsUp.increment();
    hostsUp.increment();
    hostsUp.finish();

    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theSessionBarShowsSimulatedTimeOnceAHostHasRun() {
    assertEquals("0 guests panicked",
        RunCommand.progressNote(SessionProgress.newBuilder().setHostsDone(0).setHostsTotal(4).build()));
    assertEquals("10.00 s simulated, 3 guests panicked", RunCommand.progressNote(SessionProgress.newBuilder()
        .setHostsDone(2).setHostsTotal(4).setGuestsPanicked(3).setSimulatedTime(Duration.newBuilder().setSeconds(10))
        .build()));
  }
}
