package org.perfsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.perfsim.session.SteppingMode;
import org.w3c.dom.Document;

/** The benchmarks run at minimal sizes and measure what they say (benchmarks themselves are not tests). */
class BenchmarkSmokeTest {

  @Test
  void aTinyFleetSessionIsAnsweredByEveryHostAndTheCrashCasePanicsEveryGuest() throws Exception {
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.1");

    FleetScale.Row safe = FleetScale.run(8, "6.1", argv);
    FleetScale.Row crash = FleetScale.run(8, "3.6", argv);

    assertEquals(2, safe.hosts());
    assertEquals(2, safe.hostsDone());
    assertEquals(0, safe.hostsFailed());
    assertEquals(0, safe.guestsPanicked());
    assertEquals(2, crash.hostsDone());
    assertEquals(8, crash.guestsPanicked());
    assertTrue(safe.sessionSeconds() > 0 && safe.heapBytes() != 0, safe.toString());
  }

  @Test
  void theHostSessionCostTimesEveryCaseInEveryModeWithEqualResults() {
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.02");

    List<SteppingMode> modes = List.of(SteppingMode.values());

    List<HostSessionCost.Cell> cells = HostSessionCost.round(2, argv, "", modes);

    assertEquals(HostSessionCost.CASES.size() * modes.size(), cells.size());
    assertTrue(cells.stream().allMatch(c -> c.cpuMillisPerSession() > 0 && c.samples() > 0), cells.toString());
    assertTrue(cells.stream().filter(c -> c.hostCase().name().startsWith("crash")).allMatch(c -> c.panics() == 8),
        "the crash case panics every guest: " + cells);
  }

  @Test
  void cloudSimPlusRunsEveryCloudlet() {
    assertTrue(CloudSimBaseline.run(40, 1) > 0);
  }

  @Test
  void theScaleCurveIsWellFormedSvgWithOnePointPerRunInEachPanel() throws Exception {
    List<FleetScale.Row> rows = List.of(new FleetScale.Row(1000, 250, "6.1", 1, 2.5, 5_000_000, 250, 0, 0),
        new FleetScale.Row(10_000, 2500, "6.1", 10, 25, 50_000_000, 2500, 0, 0),
        new FleetScale.Row(1000, 250, "3.6", 1, 1.5, 7_000_000, 250, 0, 1000));

    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(ScaleCurveChart.svg(rows).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertEquals("svg", svg.getDocumentElement().getTagName());
    assertEquals(2 * rows.size(), svg.getElementsByTagName("circle").getLength());
    assertEquals(4, svg.getElementsByTagName("polyline").getLength());
  }

  @Test
  void theLoadGeneratorCountsEveryEchoCallWithinItsBound() throws Exception {
    String name = "bench-echo-" + System.nanoTime();
    Server server = InProcessServerBuilder.forName(name).addService(GrpcLoad.echoService()).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      GrpcLoad.Cell cell = GrpcLoad.measure(channel, "echo", (c, t) -> io.grpc.stub.ClientCalls.blockingUnaryCall(c,
          GrpcLoad.ECHO, io.grpc.CallOptions.DEFAULT, com.google.protobuf.BytesValue.getDefaultInstance()), 4, 500, 60);

      assertEquals(500, cell.calls());
      assertEquals(0, cell.errors());
      assertEquals(500, cell.latencies().getTotalCount());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
