package org.perfsim.coordinator;

import io.grpc.stub.StreamObserver;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.DescribeHostResponse;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.ProvisionHostsResponse;
import org.perfsim.api.v1.RebootGuestRequest;
import org.perfsim.api.v1.RebootGuestResponse;
import org.perfsim.api.v1.StopGuestRequest;
import org.perfsim.api.v1.StopGuestResponse;
import org.perfsim.coordinator.core.FleetUseCases;

/** perfsim.v1.FleetService: each call translated to a {@link FleetUseCases} call and its answer back. */
public final class FleetGrpcService extends FleetServiceGrpc.FleetServiceImplBase {
  private final FleetUseCases fleet;

  public FleetGrpcService(FleetUseCases fleet) {
    this.fleet = fleet;
  }

  @Override
  public void provisionHosts(ProvisionHostsRequest request, StreamObserver<ProvisionHostsResponse> observer) {
    Rpc.unary(observer, () -> fleet.provision(ApiRequests.provision(request)).thenApply(hosts ->
        ProvisionHostsResponse.newBuilder().addAllHosts(hosts.stream().map(h -> ApiMessages.host(h, false)).toList())
            .build()));
  }

  @Override
  public void listHosts(ListHostsRequest request, StreamObserver<ListHostsResponse> observer) {
    Rpc.unary(observer, () -> fleet.list(request.getLabelSelector().getMatchLabelsMap(), request.getPageSize(),
        request.getPageToken()).thenApply(page -> ListHostsResponse.newBuilder().setTotalSize(page.totalSize())
            .addAllHosts(page.hosts().stream().map(h -> ApiMessages.host(h, false)).toList())
            .setNextPageToken(page.nextPageToken()).build()));
  }

  @Override
  public void describeHost(DescribeHostRequest request, StreamObserver<DescribeHostResponse> observer) {
    Rpc.unary(observer, () -> fleet.describe(request.getHostId())
        .thenApply(host -> DescribeHostResponse.newBuilder().setHost(ApiMessages.host(host, true)).build()));
  }

  @Override
  public void rebootGuest(RebootGuestRequest request, StreamObserver<RebootGuestResponse> observer) {
    Rpc.unary(observer, () -> fleet.rebootGuest(request.getHostId(), request.getGuestId())
        .thenApply(guest -> RebootGuestResponse.newBuilder().setGuest(ApiMessages.guest(guest)).build()));
  }

  @Override
  public void stopGuest(StopGuestRequest request, StreamObserver<StopGuestResponse> observer) {
    Rpc.unary(observer, () -> fleet.stopGuest(request.getHostId(), request.getGuestId())
        .thenApply(guest -> StopGuestResponse.newBuilder().setGuest(ApiMessages.guest(guest)).build()));
  }
}
