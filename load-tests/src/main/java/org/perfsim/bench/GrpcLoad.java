package org.perfsim.bench;

import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.CoordinatorServer;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.host.EmbeddedFleet;

/**
 * gRPC load generator (docs/PERFORMANCE.md): the real coordinator stack (Netty on 127.0.0.1, the same
 * interceptors and limits) with a trivial echo service registered on the same server, driven by client
 * threads at rising concurrency over one loopback channel. Each (call, concurrency) cell stops at a call
 * count or a duration, whichever comes first; latencies go into HdrHistogram.
 *
 * <pre>
 * java -cp 'load-tests/target/classes:load-tests/target/lib/*' org.perfsim.bench.GrpcLoad \
 *     --concurrency 1,4,16,64 --calls 20000 --seconds 5
 * </pre>
 */
public final class GrpcLoad {
  private GrpcLoad() {}

  /** The echo: one unary method that returns its request, on the same server and interceptors. */
  static final MethodDescriptor<BytesValue, BytesValue> ECHO = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("perfsim.bench.Echo", "Echo"))
      .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
      .build();

  static ServerServiceDefinition echoService() {
    return ServerServiceDefinition.builder("perfsim.bench.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .build();
  }

  /** One call a client thread makes; {@code thread} lets session streams use a host of their own. */
  @FunctionalInterface
  interface Call {
    void make(ManagedChannel channel, int thread);
  }

  /** What one (call, concurrency) cell measured. */
  record Cell(String call, int concurrency, long calls, long errors, double seconds, Histogram latencies) {
    double perSecond() {
      return calls / seconds;
    }

    String line(double echoPerSecond) {
      return String.format(Locale.ROOT, "%s,%d,%d,%d,%.2f,%.0f,%.3f,%.3f,%.3f,%.2f", call, concurrency, calls, errors,
          seconds, perSecond(), latencies.getValueAtPercentile(50) / 1000.0,
          latencies.getValueAtPercentile(99) / 1000.0, latencies.getValueAtPercentile(99.9) / 1000.0,
          perSecond() / echoPerSecond);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> concurrency = List.of(1, 4, 16, 64);
    long calls = 20_000;
    double seconds = 5;
    long sessionCalls = 500;
    double warmupSeconds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--concurrency" -> concurrency = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--calls" -> calls = Long.parseLong(args[++i]);
        case "--session-calls" -> sessionCalls = Long.parseLong(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
        default -> {
          System.err.println("usage: GrpcLoad [--concurrency N,N...] [--calls N] [--session-calls N] [--seconds S] [--warmup-seconds S]");
          System.exit(2);
        }
      }
    }
    int hosts = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    EmbeddedFleet fleet = EmbeddedFleet.start();
    NettyServerBuilder netty = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    netty.addService(echoService());
    CoordinatorServer server = CoordinatorServer.start(fleet, netty,
        CoordinatorServer.Options.defaults("127.0.0.1", 0), port -> "127.0.0.1:" + port);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      server.fleet().provision(ProvisionRequest.count(hosts, Defaults.GUESTS_PER_HOST, Defaults.CPU, Defaults.KERNEL,
          Defaults.PERF, Defaults.PCPUS)).join();
      System.out.printf(Locale.ROOT, "# %s, %d CPUs, java %s, server 127.0.0.1:%d, %d hosts x %d guests%n",
          Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          server.port(), hosts, Defaults.GUESTS_PER_HOST);
      System.out.println("call,concurrency,calls,errors,seconds,calls_per_s,p50_ms,p99_ms,p999_ms,ratio_to_echo");
      Map<String, Call> unary = new LinkedHashMap<>();
      ByteString payload = ByteString.copyFromUtf8("host-0");
      unary.put("echo", (c, t) -> ClientCalls.blockingUnaryCall(c, ECHO, CallOptions.DEFAULT,
          BytesValue.newBuilder().setValue(payload).build()));
      unary.put("ListHosts", (c, t) -> FleetServiceGrpc.newBlockingStub(c)
          .listHosts(ListHostsRequest.newBuilder().setPageSize(10).build()));
      unary.put("DescribeHost", (c, t) -> FleetServiceGrpc.newBlockingStub(c)
          .describeHost(DescribeHostRequest.newBuilder().setHostId("host-" + t).build()));
      unary.put("EncodeEvents", (c, t) -> AbiServiceGrpc.newBlockingStub(c)
          .encodeEvents(EncodeEventsRequest.newBuilder().setEvents("cycles:pp").build()));
      Call session = (c, t) -> {
        Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(c).withDeadlineAfter(60, TimeUnit.SECONDS)
            .startSession(StartSessionRequest.newBuilder()
                .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds("host-" + t)))
                .setArgv(Argv.newBuilder().addAllArgs(List.of("perf", "stat", "-e", "cycles", "-a", "--", "sleep",
                    "0.01")))
                .build());
        updates.forEachRemaining(u -> { });
      };
      // warm-up, not reported: every call at the middle concurrency, so no cell carries class loading and JIT
      int warmupConcurrency = concurrency.get(concurrency.size() / 2);
      for (Map.Entry<String, Call> entry : unary.entrySet()) {
        measure(channel, entry.getKey(), entry.getValue(), warmupConcurrency, Long.MAX_VALUE, warmupSeconds);
      }
      measure(channel, "StartSession(stream)", session, warmupConcurrency, Long.MAX_VALUE, warmupSeconds);
      for (int c : concurrency) {
        double echo = 0;
        for (Map.Entry<String, Call> entry : unary.entrySet()) {
          Cell cell = measure(channel, entry.getKey(), entry.getValue(), c, calls, seconds);
          if (entry.getKey().equals("echo")) {
            echo = cell.perSecond();
          }
          System.out.println(cell.line(echo));
        }
        System.out.println(measure(channel, "StartSession(stream)", session, c, sessionCalls, seconds).line(echo));
      }
    } finally {
      channel.shutdownNow();
      server.close();
      fleet.close();
    }
  }

  /** {@code concurrency} threads make {@code call} until {@code maxCalls} are made or {@code seconds} pass. */
  static Cell measure(ManagedChannel channel, String name, Call call, int concurrency, long maxCalls,
      double seconds) throws InterruptedException {
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
      histograms.add(h);
      int thread = t;
      threads.add(new Thread(() -> {
        while (issued.incrementAndGet() <= maxCalls && System.nanoTime() < end) {
          long before = System.nanoTime();
          try {
            call.make(channel, thread);
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
          h.recordValue(Math.min(h.getHighestTrackableValue(), (System.nanoTime() - before) / 1000));
        }
      }, "load-" + name + "-" + t));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    histograms.forEach(all::add);
    return new Cell(name, concurrency, all.getTotalCount(), errors.get(), elapsed, all);
  }
}
