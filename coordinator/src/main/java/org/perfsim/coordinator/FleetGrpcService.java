package org.perfsim.coordinator;

import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.DescribeHostResponse;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.ProvisionHostsResponse;
import org.perfsim.api.v1.RebootGuestRequest;
import org.perfsim.api.v1.RebootGuestResponse;
import org.perfsim.api.v1.StopGuestRequest;
import org.perfsim.api.v1.StopGuestResponse;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.HostEntity;

/** perfsim.v1.FleetService over the actor fleet: the catalog holds what was asked, the host actors what is. */
public final class FleetGrpcService extends FleetServiceGrpc.FleetServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final EmbeddedFleet fleet;
  private final FleetCatalog catalog;

  public FleetGrpcService(EmbeddedFleet fleet, FleetCatalog catalog) {
    this.fleet = fleet;
    this.catalog = catalog;
  }

  @Override
  public void provisionHosts(ProvisionHostsRequest request, StreamObserver<ProvisionHostsResponse> observer) {
    Rpc.unary(observer, () -> provision(request));
  }

  /** Creates the hosts {@code request} asks for; a host that fails to come up takes the whole request back. */
  public CompletableFuture<ProvisionHostsResponse> provision(ProvisionHostsRequest request) {
    ProvisionSpec spec = ProvisionSpec.of(request);
    List<FleetCatalog.CatalogHost> created = catalog.add(request, spec);
    List<CompletableFuture<Host>> hosts = new ArrayList<>();
    for (FleetCatalog.CatalogHost host : created) {
      hosts.add(fleet.provisionAsync(host.profile()).thenCompose(up -> view(host, false)));
    }
    return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new))
        .thenApply(all -> ProvisionHostsResponse.newBuilder()
            .addAllHosts(hosts.stream().map(CompletableFuture::join).toList()).build())
        .whenComplete((response, failure) -> {
          if (failure != null) {
            catalog.remove(created.stream().map(FleetCatalog.CatalogHost::hostId).toList());
          }
        });
  }

  @Override
  public void listHosts(ListHostsRequest request, StreamObserver<ListHostsResponse> observer) {
    Rpc.unary(observer, () -> {
      int pageSize = pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE);
      Map<String, String> selector = ProvisionSpec.labels(request.getLabelSelector().getMatchLabelsMap(),
          "label_selector.match_labels");
      List<FleetCatalog.CatalogHost> matching = catalog.matching(selector);
      String after = afterHostId(request.getPageToken(), selector);
      List<FleetCatalog.CatalogHost> page = matching.stream().filter(h -> h.hostId().compareTo(after) > 0)
          .limit(pageSize + 1L).toList();
      boolean more = page.size() > pageSize;
      List<FleetCatalog.CatalogHost> shown = more ? page.subList(0, pageSize) : page;
      List<CompletableFuture<Host>> hosts = shown.stream().map(h -> view(h, false)).toList();
      return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new)).thenApply(all -> {
        ListHostsResponse.Builder b = ListHostsResponse.newBuilder().setTotalSize(matching.size())
            .addAllHosts(hosts.stream().map(CompletableFuture::join).toList());
        if (more) {
          b.setNextPageToken(pageToken(shown.get(shown.size() - 1).hostId(), selector));
        }
        return b.build();
      });
    });
  }

  @Override
  public void describeHost(DescribeHostRequest request, StreamObserver<DescribeHostResponse> observer) {
    Rpc.unary(observer, () -> view(known(request.getHostId(), "host_id"), true)
        .thenApply(host -> DescribeHostResponse.newBuilder().setHost(host).build()));
  }

  @Override
  public void rebootGuest(RebootGuestRequest request, StreamObserver<RebootGuestResponse> observer) {
    Rpc.unary(observer, () -> {
      FleetCatalog.CatalogHost host = knownGuest(request.getHostId(), request.getGuestId());
      return fleet.rebootGuest(host.hostId(), request.getGuestId())
          .thenCompose(changed -> guest(host, changed))
          .thenApply(guest -> RebootGuestResponse.newBuilder().setGuest(guest).build());
    });
  }

  @Override
  public void stopGuest(StopGuestRequest request, StreamObserver<StopGuestResponse> observer) {
    Rpc.unary(observer, () -> {
      FleetCatalog.CatalogHost host = knownGuest(request.getHostId(), request.getGuestId());
      return fleet.stopGuest(host.hostId(), request.getGuestId())
          .thenCompose(changed -> guest(host, changed))
          .thenApply(guest -> StopGuestResponse.newBuilder().setGuest(guest).build());
    });
  }

  /** The host as it is now, asked of its actor. */
  CompletableFuture<Host> view(FleetCatalog.CatalogHost host, boolean withGuests) {
    return fleet.describeAsync(host.hostId()).thenApply(now -> ApiMessages.host(host, now,
        catalog.activeSession(host.hostId()).orElse(""), catalog, withGuests));
  }

  private CompletableFuture<Guest> guest(FleetCatalog.CatalogHost host, HostEntity.GuestChanged changed) {
    if (changed.state().isEmpty()) {
      throw ApiError.notFound("guest_id", "host '" + host.hostId() + "' has no guest " + changed.guestId());
    }
    return fleet.describeAsync(host.hostId()).thenApply(now -> ApiMessages.guest(host, changed.guestId(),
        now.guests().getOrDefault(changed.guestId(), changed.state().get()),
        now.damage().getOrDefault(changed.guestId(), HostEntity.GuestDamage.NONE),
        catalog.lastPanicSession(host.hostId(), changed.guestId())));
  }

  private FleetCatalog.CatalogHost known(String hostId, String field) {
    if (hostId.isEmpty()) {
      throw ApiError.invalid(field, "required");
    }
    return catalog.host(hostId).orElseThrow(() -> ApiError.notFound(field, "no host '" + hostId + "' in the fleet"));
  }

  private FleetCatalog.CatalogHost knownGuest(String hostId, int guestId) {
    FleetCatalog.CatalogHost host = known(hostId, "host_id");
    if (Integer.toUnsignedLong(guestId) >= host.profile().guests()) {
      throw ApiError.notFound("guest_id", "host '" + hostId + "' has guests 0.." + (host.profile().guests() - 1)
          + ", not " + Integer.toUnsignedString(guestId));
    }
    return host;
  }

  /** A list call's page size: 0 means {@code fallback}, negative is refused, above the maximum is capped. */
  static int pageSize(int requested, int fallback) {
    if (requested < 0) {
      throw ApiError.invalid("page_size", "must not be negative, got " + requested);
    }
    return requested == 0 ? fallback : Math.min(requested, MAX_PAGE_SIZE);
  }

  /** Tokens name the last host shown and the selector they page through, so another selector's is refused. */
  private static String pageToken(String lastHostId, Map<String, String> selector) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("hosts|" + selector + "|" + lastHostId).getBytes(StandardCharsets.UTF_8));
  }

  private static String afterHostId(String token, Map<String, String> selector) {
    if (token.isEmpty()) {
      return "";
    }
    String prefix = "hosts|" + selector + "|";
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(prefix)) {
        return text.substring(prefix.length());
      }
    } catch (IllegalArgumentException e) {
      // not base64: refused below like any other foreign token
    }
    throw ApiError.invalid("page_token", "not a token from this server for this label_selector: '" + token + "'");
  }
}
