package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.GuestHealth;
import org.perfsim.api.v1.GuestSpec;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import org.perfsim.api.v1.MemoryLayout;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RebootGuestRequest;
import org.perfsim.api.v1.StopGuestRequest;

/** FleetService in process, through the generated stubs only: provisioning, listing, describing, guests. */
class FleetApiEndToEndTest {
  static final int MAX_HOSTS = 40;

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("fleet-abi", 0,
      MAX_HOSTS);

  private static ProvisionHostsRequest.Builder labelled(String suite) {
    return ProvisionHostsRequest.newBuilder().putLabels("suite", suite).setGuestsPerHost(2).setPcpus(2);
  }

  private static ListHostsRequest bySuite(String suite) {
    return ListHostsRequest.newBuilder().setLabelSelector(LabelSelector.newBuilder().putMatchLabels("suite", suite))
        .build();
  }

  @Test
  void provisionByCountNamesHostsOnFromTheHighestIdAndCarriesTheSpec() {
    List<Host> hosts = server.fleet().provisionHosts(labelled("count").setCount(3).putLabels("rack", "r12")
        .setKernelPolicy("3.8").setPerfGeneration("3.6").build()).getHostsList();

    assertEquals(3, hosts.size());
    int first = Integer.parseInt(hosts.get(0).getHostId().substring("host-".length()));
    for (int i = 0; i < 3; i++) {
      Host h = hosts.get(i);
      assertEquals("host-" + (first + i), h.getHostId());
      assertEquals(Map.of("suite", "count", "rack", "r12"), h.getLabelsMap());
      assertEquals("3.8", h.getKernelPolicy());
      assertEquals("3.6", h.getPerfGeneration());
      assertEquals("ivybridge", h.getCpuModel());
      assertEquals(2, h.getPcpus());
      assertEquals(2, h.getHealth().getRunning());
      assertEquals(0, h.getGuestsCount(), "ProvisionHosts shows counts, not guests");
    }
    List<Host> more = server.fleet().provisionHosts(labelled("count").setCount(1).build()).getHostsList();
    assertEquals("host-" + (first + 3), more.get(0).getHostId());
  }

  @Test
  void explicitIdsWithACustomGuestLayoutShowEveryGuestWithThatLayout() {
    GuestSpec spec = GuestSpec.newBuilder().setVcpus(2).setMemoryMib(4096).setBusyShare(0.5)
        .setLayout(MemoryLayout.newBuilder().setKernelTextMib(16).setKernelDataMib(1500).setPageTablesMib(256)
            .setUserMib(1800)).build();
    List<Host> hosts = server.fleet().provisionHosts(labelled("layout").setGuestsPerHost(3).setGuest(spec)
        .setIds(HostIdList.newBuilder().addIds("web-b").addIds("web-a")).build()).getHostsList();

    assertEquals(List.of("web-a", "web-b"), hosts.stream().map(Host::getHostId).toList());
    MemoryLayout expected = MemoryLayout.newBuilder().setReservedMib(16).setKernelTextMib(16).setKernelDataMib(1500)
        .setPageTablesMib(256).setUserMib(1800).setFreeMib(4096 - 16 - 16 - 1500 - 256 - 1800).build();
    assertEquals(expected, hosts.get(0).getGuestSpec().getLayout());
    Host described = server.fleet().describeHost(DescribeHostRequest.newBuilder().setHostId("web-a").build())
        .getHost();
    assertEquals(3, described.getGuestsCount());
    for (int g = 0; g < 3; g++) {
      Guest guest = described.getGuests(g);
      assertEquals(g, guest.getGuestId());
      assertEquals(GuestHealth.GUEST_HEALTH_RUNNING, guest.getHealth());
      assertEquals(2, guest.getVcpus());
      assertEquals(4096, guest.getMemoryMib());
      assertEquals(0.5, guest.getBusyShare());
      assertEquals(expected, guest.getLayout());
      assertEquals(0, guest.getPanics());
      assertEquals("", guest.getLastPanicSessionId());
    }
    assertTrue(described.getNodeAddress().startsWith("pekko://"), described.getNodeAddress());
    assertEquals("", described.getActiveSessionId());
  }

  @Test
  void anUnknownKernelPolicyIsInvalidAndListsTheValidOnes() {
    LoopbackCoordinator.Refusal r = refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet()
        .provisionHosts(labelled("bad").setCount(1).setKernelPolicy("3.7").build()));
    assertEquals("kernel_policy", r.field());
    assertContains(r.message(), "unknown kernel policy '3.7' (valid: 3.6, 3.7-rc, 3.8, include-guest, modern, 2026-pre, 2026-fix)");
  }

  @Test
  void aDuplicateIdIsAlreadyExistsAndCreatesNothing() {
    server.fleet().provisionHosts(labelled("dup").setIds(HostIdList.newBuilder().addIds("db-1")).build());
    LoopbackCoordinator.Refusal r = refused(Status.Code.ALREADY_EXISTS, () -> server.fleet().provisionHosts(
        labelled("dup").setIds(HostIdList.newBuilder().addIds("db-2").addIds("db-1")).build()));
    assertEquals("ids.ids", r.field());
    assertContains(r.message(), "host 'db-1' already exists");
    refused(Status.Code.NOT_FOUND, () -> server.fleet().describeHost(
        DescribeHostRequest.newBuilder().setHostId("db-2").build()));
    assertEquals(1, server.fleet().listHosts(bySuite("dup")).getTotalSize());
  }

  @Test
  void growingPastTheHostLimitIsResourceExhaustedAndCreatesNothing() {
    int fleetSize = server.fleet().listHosts(ListHostsRequest.getDefaultInstance()).getTotalSize();
    int oneTooMany = MAX_HOSTS - fleetSize + 1;
    LoopbackCoordinator.Refusal r = refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.fleet().provisionHosts(
        labelled("limit").setCount(oneTooMany).build()));
    assertEquals("count", r.field());
    assertContains(r.message(), "limit of " + MAX_HOSTS);
    assertEquals(fleetSize, server.fleet().listHosts(ListHostsRequest.getDefaultInstance()).getTotalSize());
  }

  @Test
  void listHostsPagesOneHostAtATimeThroughTheLabelSelector() {
    server.fleet().provisionHosts(labelled("paging").setIds(HostIdList.newBuilder().addIds("p-c").addIds("p-a")
        .addIds("p-b")).build());
    server.fleet().provisionHosts(labelled("paging-other").setCount(1).build());

    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListHostsResponse page = server.fleet().listHosts(bySuite("paging").toBuilder().setPageSize(1)
          .setPageToken(token).build());
      assertEquals(1, page.getHostsCount());
      assertEquals(3, page.getTotalSize());
      assertEquals(2, page.getHosts(0).getHealth().getRunning());
      seen.add(page.getHosts(0).getHostId());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 10);
    assertEquals(List.of("p-a", "p-b", "p-c"), seen);

    String firstToken = server.fleet().listHosts(bySuite("paging").toBuilder().setPageSize(1).build())
        .getNextPageToken();
    assertFalse(firstToken.isEmpty());
    LoopbackCoordinator.Refusal foreign = refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().listHosts(
        bySuite("paging-other").toBuilder().setPageToken(firstToken).build()));
    assertEquals("page_token", foreign.field());
    assertEquals("page_token", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().listHosts(
        ListHostsRequest.newBuilder().setPageToken("not-a-token").build())).field());
    assertEquals("page_size", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().listHosts(
        ListHostsRequest.newBuilder().setPageSize(-1).build())).field());
  }

  @Test
  void describeHostNamesAnUnknownOrMissingHost() {
    LoopbackCoordinator.Refusal unknown = refused(Status.Code.NOT_FOUND, () -> server.fleet().describeHost(
        DescribeHostRequest.newBuilder().setHostId("no-such-host").build()));
    assertEquals("host_id", unknown.field());
    assertContains(unknown.message(), "no-such-host");
    assertEquals("host_id", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().describeHost(
        DescribeHostRequest.getDefaultInstance())).field());
  }

  @Test
  void stopAndRebootChangeOneGuestsHealth() {
    server.fleet().provisionHosts(labelled("guest-ops").setIds(HostIdList.newBuilder().addIds("ops-1")).build());

    Guest stopped = server.fleet().stopGuest(StopGuestRequest.newBuilder().setHostId("ops-1").setGuestId(1).build())
        .getGuest();
    assertEquals(GuestHealth.GUEST_HEALTH_STOPPED, stopped.getHealth());
    Host afterStop = describe("ops-1");
    assertEquals(1, afterStop.getHealth().getStopped());
    assertEquals(1, afterStop.getHealth().getRunning());
    assertEquals(GuestHealth.GUEST_HEALTH_STOPPED, afterStop.getGuests(1).getHealth());
    assertEquals(GuestHealth.GUEST_HEALTH_RUNNING, afterStop.getGuests(0).getHealth());

    Guest rebooted = server.fleet().rebootGuest(RebootGuestRequest.newBuilder().setHostId("ops-1").setGuestId(1)
        .build()).getGuest();
    assertEquals(GuestHealth.GUEST_HEALTH_RUNNING, rebooted.getHealth());
    assertEquals(2, describe("ops-1").getHealth().getRunning());

    LoopbackCoordinator.Refusal outOfRange = refused(Status.Code.NOT_FOUND, () -> server.fleet().stopGuest(
        StopGuestRequest.newBuilder().setHostId("ops-1").setGuestId(2).build()));
    assertEquals("guest_id", outOfRange.field());
    assertContains(outOfRange.message(), "guests 0..1");
    assertEquals("guest_id", refused(Status.Code.NOT_FOUND, () -> server.fleet().rebootGuest(
        RebootGuestRequest.newBuilder().setHostId("ops-1").setGuestId(-1).build())).field());
    assertEquals("host_id", refused(Status.Code.NOT_FOUND, () -> server.fleet().rebootGuest(
        RebootGuestRequest.newBuilder().setHostId("ops-9").setGuestId(0).build())).field());
  }

  private static Host describe(String hostId) {
    return server.fleet().describeHost(DescribeHostRequest.newBuilder().setHostId(hostId).build()).getHost();
  }
}
