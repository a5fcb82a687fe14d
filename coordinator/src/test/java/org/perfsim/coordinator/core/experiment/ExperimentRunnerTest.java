package org.perfsim.coordinator.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExperimentRunnerTest {
  private static ExperimentFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = new ExperimentFleet();
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void the2012IncidentCrashesEveryGuestAndTheRollbackRebootsThem() throws Exception {
    ExperimentUseCases.Results r = fleet.run(ExperimentFleet.example("2012-incident.yaml"));
    System.out.println(r.journalJson());
    System.out.println(r.resolvedYaml());
    System.out.println(r.reportJson());
    System.out.println(r.runJson());
    assertEquals("deviated", r.journal().status());
  }
}
