package org.perfsim.cli;

import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostHealth;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code perfsim hosts}: the coordinator's hosts and their guests' health (FleetService.ListHosts). */
@Command(name = "hosts", mixinStandardHelpOptions = true,
    description = "Lists the fleet's hosts: spec, guests by health, panics so far, the session each runs.")
public final class HostsCommand implements Callable<Integer> {
  @Mixin CoordinatorConnection.Options connection;

  @Option(names = "--json", description = "the ListHosts response as JSON (every page)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<Host> hosts;
    try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
      FleetServiceGrpc.FleetServiceBlockingStub fleet = FleetServiceGrpc.newBlockingStub(c.channel());
      hosts = Pages.all((size, token) -> fleet.withDeadlineAfter(30, TimeUnit.SECONDS)
          .listHosts(ListHostsRequest.newBuilder().setPageSize(size).setPageToken(token).build()),
          ListHostsResponse::getHostsList, ListHostsResponse::getNextPageToken);
    }
    if (json) {
      System.out.println(JsonFormat.printer().print(ListHostsResponse.newBuilder().addAllHosts(hosts)
          .setTotalSize(hosts.size()).build()));
      return 0;
    }
    TextTable table = new TextTable(List.of("HOST", "CPU", "KERNEL", "PERF", "PCPUS", "GUESTS", "RUNNING",
        "CORRUPTED", "PANICKED", "REBOOTING", "STOPPED", "PANICS", "SESSION", "LABELS", "NODE"));
    for (Host h : hosts) {
      HostHealth health = h.getHealth();
      long guests = (long) health.getRunning() + health.getCorrupted() + health.getPanicked() + health.getRebooting()
          + health.getStopped();
      table.add(List.of(h.getHostId(), h.getCpuModel(), h.getKernelPolicy(), h.getPerfGeneration(),
          String.valueOf(h.getPcpus()), String.valueOf(guests), String.valueOf(health.getRunning()),
          String.valueOf(health.getCorrupted()), String.valueOf(health.getPanicked()),
          String.valueOf(health.getRebooting()), String.valueOf(health.getStopped()),
          String.valueOf(health.getPanics()), h.getActiveSessionId().isEmpty() ? "-" : h.getActiveSessionId(),
          h.getLabelsMap().isEmpty() ? "-" : String.join(",", h.getLabelsMap().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()),
          // the JVM that runs it: several machines (README) show which node runs which host
          h.getNodeAddress().replaceFirst("^pekko://[^@]+@", "")));
    }
    System.out.print(table.toText());
    System.out.println(hosts.size() + " hosts");
    return 0;
  }
}
