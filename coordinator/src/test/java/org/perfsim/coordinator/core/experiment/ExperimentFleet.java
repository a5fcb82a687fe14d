package org.perfsim.coordinator.core.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.perfsim.coordinator.core.FleetCatalog;
import org.perfsim.coordinator.core.FleetHosts;
import org.perfsim.coordinator.core.FleetUseCases;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.PageToken;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.SessionRegistry;
import org.perfsim.host.EmbeddedFleet;

/** An empty single-JVM fleet with the coordinator's core over it, for the experiment tests. */
final class ExperimentFleet implements AutoCloseable {
  final EmbeddedFleet fleet;
  final FleetCatalog catalog;
  final FleetUseCases fleetCases;
  final SessionCoordinator sessions;
  final ExperimentUseCases experiments;

  ExperimentFleet() throws java.util.concurrent.TimeoutException {
    fleet = EmbeddedFleet.start();
    catalog = new FleetCatalog(Limits.MAX_HOSTS);
    PageToken tokens = new PageToken();
    FleetHosts hosts = new FleetHosts(fleet, catalog);
    fleetCases = new FleetUseCases(hosts, catalog, tokens);
    sessions = new SessionCoordinator(hosts, catalog, new SessionRegistry(100, tokens));
    experiments = new ExperimentUseCases(fleetCases, sessions);
  }

  /** Runs {@code text} to its end (at most two minutes), ignoring its events. */
  ExperimentUseCases.Results run(String text) throws Exception {
    return experiments.start("experiment.yaml", text, OptionalLong.empty(), e -> { }).done()
        .get(2, TimeUnit.MINUTES);
  }

  static String example(String name) throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    return Files.readString(dir.resolve("examples").resolve(name));
  }

  @Override
  public void close() {
    fleet.close();
  }
}
