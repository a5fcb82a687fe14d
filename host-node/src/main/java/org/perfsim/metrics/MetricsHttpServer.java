package org.perfsim.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.perfsim.access.AccessTokens;
import org.perfsim.access.Role;
import org.perfsim.access.ServerAccess;

/**
 * A node's HTTP endpoint, from the JDK's HTTP server, one per JVM on the port {@code --metrics-port} names
 * (0 picks a free one): {@code GET /metrics} (Prometheus text format), {@code GET /alive} (200 while the
 * actor system runs) and {@code GET /ready} (200 once the node is an Up cluster member, else 503) for
 * orchestrators' probes. With tokens configured, {@code /metrics} needs {@code Authorization: Bearer TOKEN}
 * of a viewer or operator (401 otherwise); the probes stay open, they tell nothing but up or not. With TLS
 * files it serves HTTPS (and asks for client certificates when a client CA is given).
 */
public final class MetricsHttpServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;
  private final String scheme;

  private MetricsHttpServer(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
  }

  /** The open endpoint of a fleet node (plaintext, no tokens): its metrics, its life, its membership. */
  public static MetricsHttpServer start(String host, int port, ActorSystem<?> system) {
    return start(host, port, system, ServerAccess.OPEN);
  }

  /** The endpoint of a fleet node behind {@code access}: its {@link FleetMetrics}, its life, its membership. */
  public static MetricsHttpServer start(String host, int port, ActorSystem<?> system, ServerAccess access) {
    Cluster cluster = Cluster.get(system);
    return start(host, port, FleetMetrics.get(system)::scrape,
        () -> !system.whenTerminated().isCompleted(),
        () -> cluster.selfMember().status().equals(MemberStatus.up()), access);
  }

  /** Starts serving {@code scrape} at {@code /metrics} and the two probes at {@code /alive}, {@code /ready}. */
  public static MetricsHttpServer start(String host, int port, Supplier<String> scrape, BooleanSupplier alive,
      BooleanSupplier ready) {
    return start(host, port, scrape, alive, ready, ServerAccess.OPEN);
  }

  /** {@link #start(String, int, Supplier, BooleanSupplier, BooleanSupplier)} behind {@code access}. */
  public static MetricsHttpServer start(String host, int port, Supplier<String> scrape, BooleanSupplier alive,
      BooleanSupplier ready, ServerAccess access) {
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      HttpServer server;
      if (access.tls().isPresent()) {
        HttpsServer https = HttpsServer.create(address, 0);
        boolean clientCertificates = access.tls().get().requiresClientCertificates();
        https.setHttpsConfigurator(new HttpsConfigurator(access.tls().get().sslContext()) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setNeedClientAuth(clientCertificates);
            parameters.setSSLParameters(ssl);
          }
        });
        server = https;
      } else {
        server = HttpServer.create(address, 0);
      }
      server.createContext("/metrics", exchange -> {
        if (authorized(exchange, access)) {
          respond(exchange, scrape);
        }
      });
      server.createContext("/alive", exchange -> probe(exchange, alive, "alive"));
      server.createContext("/ready", exchange -> probe(exchange, ready, "ready"));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return new MetricsHttpServer(server, access.tls().isPresent() ? "https" : "http");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** True if the exchange may go on; else it was answered 401 (the token itself is never echoed). */
  private static boolean authorized(HttpExchange exchange, ServerAccess access) throws IOException {
    if (access.tokens().isEmpty()) {
      return true;
    }
    boolean allowed = AccessTokens.bearer(exchange.getRequestHeaders().getFirst("Authorization"))
        .flatMap(token -> access.tokens().get().authenticate(token))
        .map(caller -> caller.role().allows(Role.VIEWER)).orElse(false);
    if (!allowed) {
      try (exchange) {
        byte[] body = "401: /metrics needs 'Authorization: Bearer TOKEN' of a viewer or operator\n"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"perfsim\"");
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
    return allowed;
  }

  private static void respond(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check, String what) throws IOException {
    try (exchange) {
      boolean ok = check.getAsBoolean();
      byte[] body = ((ok ? "" : "not ") + what + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The port it listens on (the chosen one when started with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * {@code http://HOST:PORT/metrics} (https with TLS) as a client on this machine fetches it: a wildcard bind (0.0.0.0,
   * which Java reports as {@code 0:0:0:0:0:0:0:0}) is reached on 127.0.0.1, an IPv6 literal is bracketed.
   */
  public String url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
