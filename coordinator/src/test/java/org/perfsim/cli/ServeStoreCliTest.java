package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s store options: a bad one is exit 2 naming it, and a password never shows. */
class ServeStoreCliTest {
  @TempDir
  Path dir;

  private static CliVerbsTest.Run serve(String... storeArgs) {
    String[] args = new String[4 + storeArgs.length];
    System.arraycopy(new String[] {"serve", "--grpc-port", "0", "--metrics-port"}, 0, args, 0, 4);
    System.arraycopy(storeArgs, 0, args, 4, storeArgs.length);
    args[3] = "--metrics-port=0";
    return CliVerbsTest.run(args);
  }

  @Test
  void aDataDirAndAStoreUrlTogetherAreRefused() {
    CliVerbsTest.Run refused = serve("--data-dir", dir.toString(), "--store-url", "jdbc:postgresql://127.0.0.1:1/x");
    assertEquals(2, refused.status(), refused.err());
    assertTrue(refused.err().contains("perfsim: --data-dir: give it or --store-url, not both"), refused.err());
  }

  @Test
  void aStoreUrlOfAnotherDatabaseIsRefused() {
    CliVerbsTest.Run refused = serve("--store-url", "jdbc:mysql://127.0.0.1/perfsim");
    assertEquals(2, refused.status(), refused.err());
    assertTrue(refused.err().contains("perfsim: --store-url: a jdbc:postgresql:// (or jdbc:h2:) URL, got "
        + "jdbc:mysql://127.0.0.1/perfsim"), refused.err());
  }

  @Test
  void anUnreachableStoreIsExitTwoAndItsPasswordNeverShows() {
    CliVerbsTest.Run refused = serve("--store-url",
        "jdbc:postgresql://127.0.0.1:1/perfsim?password=do-not-print&connectTimeout=5");
    assertEquals(2, refused.status(), refused.err());
    assertTrue(refused.err().contains("perfsim: --store-url: cannot open the session store "
        + "jdbc:postgresql://127.0.0.1:1/perfsim"), refused.err());
    assertFalse((refused.out() + refused.err()).contains("do-not-print"), refused.err());
  }

  @Test
  void theCliCallsASessionOfAStoppedCoordinatorInterrupted() {
    assertEquals("interrupted", SessionText.state(org.perfsim.api.v1.SessionState.SESSION_STATE_INTERRUPTED));
  }

  @Test
  void theDefaultDataDirIsTheXdgDataHomesPerfsim() {
    assertEquals(Path.of("/data/perfsim"), StoreOptions.defaultDataDir(Map.of("XDG_DATA_HOME", "/data")));
    assertEquals(Path.of(System.getProperty("user.home"), ".local", "share", "perfsim"),
        StoreOptions.defaultDataDir(Map.of()));
  }
}
