package org.perfsim.coordinator.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.host.AskWindow;
import org.perfsim.host.HostEntity;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.vm.GuestDamage;

/**
 * The fleet's use cases: provision hosts (all or none), list and describe them, stop and reboot guests.
 * The catalog holds what was asked, the host actors what is. Listing and describing show each host's last
 * reported state ({@link FleetHosts#lastKnown}), which every call that changes a host refreshes before it
 * returns; only a host with none is asked, and DescribeHost also asks a host that runs a session (its guests
 * change step by step).
 */
public final class FleetUseCases {
  private static final String SCOPE = "hosts";
  private final FleetHosts hosts;
  private final FleetCatalog catalog;
  private final PageToken tokens;
  private final KernelPolicies policies;

  public FleetUseCases(FleetHosts hosts, FleetCatalog catalog, PageToken tokens) {
    this(hosts, catalog, tokens, KernelPolicies.BUILT_IN);
  }

  /** @param policies the kernel policies a provision request may name: the built-ins and the server's user ones */
  public FleetUseCases(FleetHosts hosts, FleetCatalog catalog, PageToken tokens, KernelPolicies policies) {
    this.hosts = hosts;
    this.catalog = catalog;
    this.tokens = tokens;
    this.policies = policies;
  }

  /** Creates the hosts {@code request} asks for; a host that fails to come up takes the whole request back. */
  public CompletableFuture<List<HostView>> provision(ProvisionRequest request) {
    return provision(request, () -> { });
  }

  /** {@link #provision(ProvisionRequest)}, telling {@code hostUp} (on any thread) as each host comes up: progress. */
  public CompletableFuture<List<HostView>> provision(ProvisionRequest request, Runnable hostUp) {
    ProvisionSpec spec = ProvisionSpec.of(request, policies);
    List<FleetCatalog.CatalogHost> created = catalog.add(request.hosts(), spec);
    List<String> ids = created.stream().map(FleetCatalog.CatalogHost::hostId).toList();
    // a bounded window, so each host's ask timeout measures its own work, not its place among all of them
    return AskWindow.askAll(created, hosts.provisionWindow(), host -> hosts.provision(host)
        .thenCompose(up -> liveView(host)).whenComplete((view, failure) -> {
          if (failure == null) {
            hostUp.run();
          }
        })).whenComplete((done, failure) -> {
      if (failure != null) {
        catalog.remove(ids);
      } else {
        catalog.committed(ids);
      }
    });
  }

  /**
   * Provisions the hosts {@code store} kept (a restarted coordinator's fleet) as their snapshots left them, and
   * takes them into the catalog; none when it is empty.
   */
  public CompletableFuture<List<HostView>> restore(FleetStore store) {
    List<FleetCatalog.CatalogHost> stored = catalog.restore(store.hosts());
    return AskWindow.askAll(stored, hosts.provisionWindow(), host -> hosts.provision(host)
        .thenCompose(up -> liveView(host)));
  }

  /**
   * Provisions the hosts {@code request} names by id afresh, whether or not they exist (an existing host is
   * reset: fresh guests, zero damage counts; only its clock carries over). FAILED_PRECONDITION naming the
   * host when one of them runs a session; {@code field} names the request part at fault.
   */
  public CompletableFuture<List<HostView>> reprovision(ProvisionRequest request, String field) {
    if (!(request.hosts() instanceof ProvisionRequest.Ids given)) {
      throw CoreError.invalid(field, "reprovisioning names its hosts");
    }
    ProvisionSpec spec = ProvisionSpec.of(request);
    List<FleetCatalog.CatalogHost> replaced = catalog.replace(given.ids(), spec, field);
    return AskWindow.askAll(replaced, hosts.provisionWindow(), host -> hosts.provision(host)
        .thenCompose(up -> liveView(host))).thenApply(done -> {
          catalog.committed(given.ids());
          return done;
        });
  }

  /** One page of the hosts carrying every label of {@code selector}, in host id order. */
  public CompletableFuture<HostView.Page> list(Map<String, String> selector, int pageSize, String pageToken) {
    int size = Limits.pageSize(pageSize, Limits.HOSTS_PAGE_SIZE);
    Map<String, String> labels = ProvisionSpec.labels(selector, "label_selector.match_labels");
    String scope = SCOPE + new TreeMap<>(labels);
    String after = tokens.decode(scope, pageToken);
    List<FleetCatalog.CatalogHost> matching = catalog.matching(labels);
    List<FleetCatalog.CatalogHost> page = matching.stream().filter(h -> h.hostId().compareTo(after) > 0)
        .limit(size + 1L).toList();
    boolean more = page.size() > size;
    List<FleetCatalog.CatalogHost> shown = more ? page.subList(0, size) : page;
    String next = more ? tokens.encode(scope, shown.get(shown.size() - 1).hostId()) : "";
    return all(shown.stream().map(this::view).toList())
        .thenApply(views -> new HostView.Page(views, matching.size(), next));
  }

  /** The host {@code hostId} as it is now: asked while it runs a session, else as it last reported. */
  public CompletableFuture<HostView> describe(String hostId) {
    FleetCatalog.CatalogHost host = known(hostId, "host_id");
    return catalog.activeSession(hostId).isPresent() ? liveView(host) : view(host);
  }

  public CompletableFuture<HostView.GuestView> stopGuest(String hostId, int guestId) {
    return guestCommand(hostId, guestId, (fleet, id) -> fleet.stopGuest(id, guestId));
  }

  public CompletableFuture<HostView.GuestView> rebootGuest(String hostId, int guestId) {
    return guestCommand(hostId, guestId, (fleet, id) -> fleet.rebootGuest(id, guestId));
  }

  private CompletableFuture<HostView.GuestView> guestCommand(String hostId, int guestId,
      BiFunction<FleetHosts, String, CompletableFuture<HostEntity.GuestChanged>> command) {
    FleetCatalog.CatalogHost host = knownGuest(hostId, guestId);
    return hosts.describe(host.hostId())
        .thenCompose(ready -> command.apply(hosts, host.hostId()))
        .thenCompose(changed -> {
          if (changed.state().isEmpty()) {
            throw CoreError.notFound("guest_id", "host '" + host.hostId() + "' has no guest " + changed.guestId());
          }
          if (!changed.failure().isEmpty()) {
            // the change is not known to have happened: safe to retry, as when the host itself does not answer
            throw new CompletionException(new TimeoutException(changed.failure()));
          }
          return liveView(host).thenApply(now -> now.guests().stream().filter(g -> g.guestId() == guestId).findFirst()
              .orElseGet(() -> new HostView.GuestView(host, guestId, changed.state().get(),
                  GuestDamage.NONE, catalog.lastPanicSession(host.hostId(), guestId))));
        });
  }

  /** The host as it last reported, asked of its actor only when it has not (or was forgotten). */
  private CompletableFuture<HostView> view(FleetCatalog.CatalogHost host) {
    return hosts.lastKnown(host.hostId()).map(now -> CompletableFuture.completedFuture(view(host, now)))
        .orElseGet(() -> liveView(host));
  }

  /** The host as it is now, asked of its actor (which refreshes its last reported state). */
  private CompletableFuture<HostView> liveView(FleetCatalog.CatalogHost host) {
    return hosts.describe(host.hostId()).thenApply(now -> view(host, now));
  }

  private HostView view(FleetCatalog.CatalogHost host, HostEntity.Description now) {
    Map<Integer, String> panics = new TreeMap<>();
    now.guests().keySet().forEach(g -> panics.put(g, catalog.lastPanicSession(host.hostId(), g)));
    return new HostView(host, now, catalog.activeSession(host.hostId()).orElse(""), panics);
  }

  private FleetCatalog.CatalogHost known(String hostId, String field) {
    if (hostId.isEmpty()) {
      throw CoreError.invalid(field, "required");
    }
    Limits.atMost(field, hostId, Limits.MAX_ID_CHARS);
    return catalog.host(hostId).orElseThrow(() -> CoreError.notFound(field, "no host '" + hostId + "' in the fleet"));
  }

  private FleetCatalog.CatalogHost knownGuest(String hostId, int guestId) {
    FleetCatalog.CatalogHost host = known(hostId, "host_id");
    if (Integer.toUnsignedLong(guestId) >= host.profile().guests()) {
      throw CoreError.notFound("guest_id", "host '" + hostId + "' has guests 0.." + (host.profile().guests() - 1)
          + ", not " + Integer.toUnsignedString(guestId));
    }
    return host;
  }

  private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
  }
}
