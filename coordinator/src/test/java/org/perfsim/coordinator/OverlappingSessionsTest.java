package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * Many clients at once start sessions on overlapping host sets: each gets a session that runs to its end, or
 * FAILED_PRECONDITION naming a host of its own set that another session holds; none waits forever, and
 * afterwards every host is free again (a session over all of them runs).
 */
class OverlappingSessionsTest {
  private static final int HOSTS = 6;
  private static final int CLIENTS = 12;
  private static final Pattern BUSY = Pattern.compile("host '(host-\\d+)' is running session s-\\d+");

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("overlap", HOSTS, HOSTS);

  /** What one client got: the updates of its session, or the refusal. */
  private record Answer(List<String> hosts, List<SessionUpdate> updates, StatusRuntimeException refused) {}

  @Test
  void eachClientGetsASessionOrTheBusyHostAndNoHostStaysBusy() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Answer>> answers = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        // client c wants three neighbouring hosts: every host is wanted by six clients
        List<String> hosts = List.of("host-" + c % HOSTS, "host-" + (c + 1) % HOSTS, "host-" + (c + 2) % HOSTS);
        answers.add(clients.submit(() -> {
          start.await();
          return start(hosts, "perf record -e cycles -a -- sleep 2");
        }));
      }
      start.countDown();
      int ran = 0;
      for (Future<Answer> future : answers) {
        Answer answer = future.get(3, TimeUnit.MINUTES);
        if (answer.refused() == null) {
          SessionUpdate last = answer.updates().get(answer.updates().size() - 1);
          assertTrue(last.hasFinished(), "" + last);
          assertEquals(3, answer.updates().stream().filter(SessionUpdate::hasHostResult).count());
          ran++;
        } else {
          assertEquals(Status.Code.FAILED_PRECONDITION, answer.refused().getStatus().getCode(),
              () -> "" + answer.refused().getStatus());
          Matcher busy = BUSY.matcher(answer.refused().getStatus().getDescription());
          assertTrue(busy.find(), answer.refused().getStatus().getDescription());
          assertTrue(answer.hosts().contains(busy.group(1)), () -> busy.group(1) + " is not among " + answer.hosts());
        }
      }
      assertTrue(ran >= 1, "at least the first client's session ran");
    } finally {
      clients.shutdownNow();
    }

    Answer all = new Answer(List.of(), collect(StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setAll(true)).setCommandLine("perf stat -a -- sleep 1").build()), null);
    assertEquals(HOSTS, all.updates().stream().filter(SessionUpdate::hasHostResult).count(), "" + all.updates());
  }

  private static Answer start(List<String> hosts, String command) {
    try {
      return new Answer(hosts, collect(StartSessionRequest.newBuilder()
          .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addAllIds(hosts)))
          .setCommandLine(command).build()), null);
    } catch (StatusRuntimeException refused) {
      return new Answer(hosts, List.of(), refused);
    }
  }

  private static List<SessionUpdate> collect(StartSessionRequest request) {
    List<SessionUpdate> updates = new ArrayList<>();
    server.sessions().startSession(request).forEachRemaining(updates::add);
    return updates;
  }
}
