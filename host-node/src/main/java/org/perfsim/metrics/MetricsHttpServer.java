package org.perfsim.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's HTTP endpoint, from the JDK's HTTP server, one per JVM on the port {@code --metrics-port} names
 * (0 picks a free one): {@code GET /metrics} (Prometheus text format), {@code GET /alive} (200 while the
 * actor system runs) and {@code GET /ready} (200 once the node is an Up cluster member, else 503) for
 * orchestrators' probes.
 */
public final class MetricsHttpServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;

  private MetricsHttpServer(HttpServer server) {
    this.server = server;
  }

  /** The endpoint of a fleet node: its {@link FleetMetrics}, its actor system's life, its membership. */
  public static MetricsHttpServer start(String host, int port, ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    return start(host, port, FleetMetrics.get(system)::scrape,
        () -> !system.whenTerminated().isCompleted(),
        () -> cluster.selfMember().status().equals(MemberStatus.up()));
  }

  /** Starts serving {@code scrape} at {@code /metrics} and the two probes at {@code /alive}, {@code /ready}. */
  public static MetricsHttpServer start(String host, int port, Supplier<String> scrape, BooleanSupplier alive,
      BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext("/metrics", exchange -> respond(exchange, scrape));
      server.createContext("/alive", exchange -> probe(exchange, alive, "alive"));
      server.createContext("/ready", exchange -> probe(exchange, ready, "ready"));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return new MetricsHttpServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
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
   * {@code http://HOST:PORT/metrics} as a client on this machine fetches it: a wildcard bind (0.0.0.0,
   * which Java reports as {@code 0:0:0:0:0:0:0:0}) is reached on 127.0.0.1, an IPv6 literal is bracketed.
   */
  public String url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
