package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.coordinator.ServeProcess;
import org.perfsim.coordinator.TestCertificates;

/**
 * {@code perfsim serve} as README.md's Security section runs it on a shared network: tokens, TLS for gRPC
 * and /metrics, an audit log; and the CLI talking to it with {@code --tls-ca} and {@code --token-file}. A
 * server without tokens refuses to listen beyond loopback.
 */
class SecureServeCliTest {
  static final String OPERATOR_TOKEN = "op-" + UUID.randomUUID();
  static final String VIEWER_TOKEN = "view-" + UUID.randomUUID();

  @TempDir static Path dir;
  static TestCertificates certs;
  static ServeProcess serve;
  static Path operator;
  static Path viewer;
  static Path audit;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "ci operator " + OPERATOR_TOKEN + "\nprometheus viewer " + VIEWER_TOKEN + "\n");
    // readable by every user on purpose: serve warns about it
    Files.setPosixFilePermissions(tokens, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    operator = Files.writeString(dir.resolve("operator.token"), OPERATOR_TOKEN + "\n");
    viewer = Files.writeString(dir.resolve("viewer.token"), VIEWER_TOKEN);
    audit = dir.resolve("audit.log");
    serve = ServeProcess.start("--hosts", "2", "--guests", "1", "--pcpus", "2", "--tokens-file", tokens.toString(),
        "--tls-cert", certs.serverCert().toString(), "--tls-key", certs.serverKey().toString(),
        "--audit-log", audit.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
  }

  private static CliVerbsTest.Run cli(String... args) {
    return CliVerbsTest.run(args);
  }

  @Test
  void theCliReachesATlsServerWithItsTokenAndIsRefusedWithoutIt() throws Exception {
    String ca = certs.ca().toString();
    CliVerbsTest.Run hosts = cli("hosts", "--target", serve.target(), "--tls-ca", ca, "--token-file", viewer.toString());
    assertEquals(0, hosts.status(), hosts.err());
    assertContains(hosts.out(), "host-1");

    CliVerbsTest.Run anonymous = cli("hosts", "--target", serve.target(), "--tls-ca", ca);
    assertEquals(1, anonymous.status(), anonymous.out());
    assertContains(anonymous.err(), "perfsim: UNAUTHENTICATED: perfsim.v1.FleetService/ListHosts needs the metadata "
        + "'authorization: Bearer TOKEN'");

    String guess = "guess-" + UUID.randomUUID();
    CliVerbsTest.Run wrong = cli("hosts", "--target", serve.target(), "--tls-ca", ca, "--token-file",
        Files.writeString(dir.resolve("wrong.token"), guess).toString());
    assertEquals(1, wrong.status());
    assertContains(wrong.err(), "the bearer token is not one of this server's tokens");
    assertFalse(wrong.err().contains(guess) || wrong.out().contains(guess), wrong.err());

    CliVerbsTest.Run plaintext = cli("hosts", "--target", serve.target(), "--token-file", viewer.toString());
    assertEquals(1, plaintext.status());
    assertContains(plaintext.err(), "perfsim: UNAVAILABLE");
  }

  @Test
  void aViewerMayNotRunASessionAnOperatorMayAndTheRunIsAudited() throws Exception {
    String ca = certs.ca().toString();
    CliVerbsTest.Run denied = cli("run", "--target", serve.target(), "--tls-ca", ca, "--token-file", viewer.toString(),
        "--", "perf", "stat", "-a", "--", "sleep", "1");
    assertEquals(1, denied.status(), denied.out());
    assertContains(denied.err(), "perfsim: PERMISSION_DENIED: 'prometheus' is a viewer; "
        + "perfsim.v1.SessionService/StartSession needs an operator");

    CliVerbsTest.Run ran = cli("run", "--target", serve.target(), "--tls-ca", ca, "--token-file", operator.toString(),
        "--", "perf", "stat", "-a", "--", "sleep", "1");
    assertEquals(0, ran.status(), ran.err());
    String sessionId = ran.out().lines().findFirst().orElseThrow().replaceFirst("^session (\\S+).*", "$1");

    String log = Files.readString(audit);
    assertTrue(log.lines().anyMatch(l -> l.matches(".* caller=ci peer=127\\.0\\.0\\.1:\\d+ "
        + "method=perfsim\\.v1\\.SessionService/StartSession session=" + sessionId + " status=OK")), log);
    assertTrue(log.contains("caller=prometheus peer=127.0.0.1:"), log);
    assertFalse(log.contains(OPERATOR_TOKEN) || log.contains(VIEWER_TOKEN), log);
    assertFalse(serve.stderr().contains(OPERATOR_TOKEN) || serve.stderr().contains(VIEWER_TOKEN), "no token logged");
    assertContains(serve.stderr(), "/tokens is readable by other users; chmod 600 it");
  }

  @Test
  void metricsAreServedOverHttpsToAViewerTokenAndTheProbesStayOpen() throws Exception {
    assertTrue(serve.metricsUrl().startsWith("https://127.0.0.1:"), serve.metricsUrl());
    HttpClient http = HttpClient.newBuilder().sslContext(certs.clientContext(false))
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create(serve.metricsUrl())).timeout(Duration.ofSeconds(30));
    assertEquals(401, http.send(metrics.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> scraped = http.send(metrics.header("Authorization", "Bearer " + VIEWER_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scraped.statusCode());
    assertContains(scraped.body(), "grpc_server");
    URI alive = URI.create(serve.metricsUrl().replace("/metrics", "/alive"));
    assertEquals(200, http.send(HttpRequest.newBuilder(alive).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void anOpenServerRefusesToListenBeyondLoopback() {
    CliVerbsTest.Run refused = cli("serve", "--bind", "0.0.0.0", "--grpc-port", "0", "--metrics-port", "0");
    assertEquals(2, refused.status(), refused.out());
    assertContains(refused.err(), "perfsim: --bind: refusing to listen on 0.0.0.0 without authentication");
    assertContains(refused.err(), "--tokens-file FILE (or PERFSIM_TOKENS_FILE)");
  }
}
