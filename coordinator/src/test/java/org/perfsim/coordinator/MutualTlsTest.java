package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.access.ServerAccess;
import org.perfsim.access.TlsFiles;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.metrics.MetricsHttpServer;

/**
 * TLS with client certificates and no tokens: a client whose certificate the CA signed may call (and is
 * audited by its certificate's subject), one without a certificate cannot connect, to gRPC or to /metrics.
 * Such a server counts as protected, so it may listen beyond loopback.
 */
class MutualTlsTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  static ServerAccess access;
  static EmbeddedCoordinator coordinator;
  static Path audit;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    access = new ServerAccess(Optional.empty(), Optional.of(new TlsFiles(certs.serverCert(), certs.serverKey(),
        Optional.of(certs.ca()))));
    audit = dir.resolve("audit.log");
    coordinator = EmbeddedCoordinator.start(CoordinatorServer.Options.defaults("127.0.0.1", 0)
        .withAccess(access, Optional.of(audit)),
        new EmbeddedCoordinator.InitialFleet(1, 1, Defaults.CPU, Defaults.KERNEL, Defaults.PERF, 1));
  }

  @AfterAll
  static void stop() {
    coordinator.close();
  }

  private static ManagedChannel channel(boolean withClientCertificate) throws IOException {
    SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(certs.ca().toFile());
    if (withClientCertificate) {
      tls.keyManager(certs.clientCert().toFile(), certs.clientKey().toFile());
    }
    return NettyChannelBuilder.forTarget(coordinator.server().target()).sslContext(tls.build()).build();
  }

  @Test
  void aClientWithASignedCertificateCallsAndIsAuditedByItsSubject() throws Exception {
    ManagedChannel channel = channel(true);
    try {
      FleetServiceGrpc.FleetServiceBlockingStub fleet = FleetServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS);
      assertEquals(1, fleet.listHosts(ListHostsRequest.getDefaultInstance()).getHostsCount());
      fleet.provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    String log = Files.readString(audit);
    assertTrue(log.contains(" caller=cert:CN=perfsim-test-client peer=127.0.0.1:"), log);
    assertTrue(log.contains(" method=perfsim.v1.FleetService/ProvisionHosts session=- status=OK"), log);
  }

  @Test
  void aClientWithoutACertificateCannotConnect() throws Exception {
    ManagedChannel channel = channel(false);
    try {
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> FleetServiceGrpc
          .newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).listHosts(ListHostsRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), "" + refused.getStatus());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void metricsAskForTheClientCertificateToo() throws Exception {
    access.checkBind("0.0.0.0", "--bind");
    try (MetricsHttpServer metrics = MetricsHttpServer.start("127.0.0.1", 0, () -> "up 1\n", () -> true, () -> true,
        access)) {
      HttpRequest scrape = HttpRequest.newBuilder(URI.create(metrics.url())).timeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> ok = HttpClient.newBuilder().sslContext(certs.clientContext(true)).build()
          .send(scrape, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      assertEquals("up 1\n", ok.body());
      assertThrows(IOException.class, () -> HttpClient.newBuilder().sslContext(certs.clientContext(false)).build()
          .send(scrape, HttpResponse.BodyHandlers.ofString()));
    }
  }
}
