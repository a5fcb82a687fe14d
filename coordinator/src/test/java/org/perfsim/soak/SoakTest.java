package org.perfsim.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 30 s of concurrent sessions, listings and metric scrapes ({@code -Dperfsim.soak.seconds=N} for longer): no
 * error response, heap after GC within a bound of the start, meters, host actors and guests as at the start,
 * no host left running a session.
 */
class SoakTest {
  /** Room for the JIT's and the collectors' own noise; a leak per session (hundreds of them) exceeds it. */
  private static final long HEAP_SLACK_BYTES = 24L << 20;

  @Test
  void concurrentLoadLeavesTheServerAsItFoundIt() throws Exception {
    Soak.Result result = Soak.run(Duration.ofSeconds(Long.getLong("perfsim.soak.seconds", 30)));
    System.out.println(result);

    assertEquals(0, result.errors(), result::toString);
    assertTrue(result.sessions() >= Soak.HOSTS && result.listings() > 0 && result.scrapes() > 0, result::toString);
    assertTrue(result.end().heapUsedBytes() <= result.start().heapUsedBytes() + HEAP_SLACK_BYTES, result::toString);
    assertEquals(result.start().ownMeters(), result.end().ownMeters(), result::toString);
    assertEquals(Soak.HOSTS, result.end().hostsUp(), result::toString);
    assertEquals(Soak.HOSTS * Soak.GUESTS_PER_HOST, result.end().guests(), result::toString);
    assertEquals(0, result.end().busyHosts(), result::toString);
  }
}
