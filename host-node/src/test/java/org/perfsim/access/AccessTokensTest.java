package org.perfsim.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tokens file: its format, its errors (which never show a token), who a token is, and the bind rule. */
class AccessTokensTest {
  private static final String OPS = "0123456789abcdef-operator";
  private static final String VIEW = "fedcba9876543210-viewer";
  private static final Path FILE = Path.of("tokens.txt");

  @Test
  void aTokenNamesItsCallerAndRole() {
    AccessTokens tokens = AccessTokens.parse(List.of("# perfsim tokens", "", "ci operator " + OPS,
        "  grafana   VIEWER   " + VIEW + "  "), FILE);
    assertEquals(Optional.of(new Caller("ci", Role.OPERATOR)), tokens.authenticate(OPS));
    assertEquals(Optional.of(new Caller("grafana", Role.VIEWER)), tokens.authenticate(VIEW));
    assertEquals(Optional.empty(), tokens.authenticate(OPS + "x"));
    assertEquals(Optional.empty(), tokens.authenticate(""));
    assertEquals(Optional.empty(), tokens.authenticate(null));
    assertEquals(Optional.empty(), tokens.authenticate("x".repeat(AccessTokens.MAX_TOKEN_CHARS + 1)));
    assertEquals("2 tokens from tokens.txt", tokens.toString());
  }

  @Test
  void anOperatorMayDoWhatAViewerMayButNotTheOtherWayRound() {
    assertTrue(Role.OPERATOR.allows(Role.VIEWER));
    assertTrue(Role.OPERATOR.allows(Role.OPERATOR));
    assertTrue(Role.VIEWER.allows(Role.VIEWER));
    assertFalse(Role.VIEWER.allows(Role.OPERATOR));
  }

  @Test
  void aBadLineIsNamedByFileAndLineWithoutItsToken() {
    String secret = "s3cr3t-s3cr3t-s3cr3t";
    for (String line : List.of("ci admin " + secret, "ci operator", "ci operator " + secret + " extra",
        "c/i operator " + secret, "ci operator short")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AccessTokens.parse(List.of("# header", line), FILE));
      assertTrue(e.getMessage().startsWith("tokens.txt line 2: "), e.getMessage());
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessTokens.parse(
        List.of("a operator " + OPS, "b viewer " + OPS), FILE)).getMessage().contains("also another name's token"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessTokens.parse(
        List.of("a operator " + OPS, "a viewer " + VIEW), FILE)).getMessage().contains("'a' appears twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessTokens.parse(List.of("# none"), FILE))
        .getMessage().contains("no tokens"));
  }

  @Test
  void onlyABearerAuthorizationCarriesAToken() {
    assertEquals(Optional.of(OPS), AccessTokens.bearer("Bearer " + OPS));
    assertEquals(Optional.of(OPS), AccessTokens.bearer("bearer " + OPS));
    assertEquals(Optional.empty(), AccessTokens.bearer("Basic " + OPS));
    assertEquals(Optional.empty(), AccessTokens.bearer(null));
  }

  @Test
  void anOpenServerMayOnlyListenOnLoopback() {
    ServerAccess.OPEN.checkBind("127.0.0.1", "--bind");
    ServerAccess.OPEN.checkBind("::1", "--bind");
    ServerAccess.OPEN.checkBind("localhost", "--bind");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerAccess.OPEN.checkBind("0.0.0.0", "--bind"));
    assertTrue(e.getMessage().startsWith("--bind: refusing to listen on 0.0.0.0 without authentication"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--tokens-file"), e.getMessage());
    ServerAccess withTokens = new ServerAccess(Optional.of(AccessTokens.parse(List.of("a viewer " + VIEW), FILE)),
        Optional.empty());
    withTokens.checkBind("0.0.0.0", "--bind");
    assertFalse(withTokens.isOpen());
  }
}
