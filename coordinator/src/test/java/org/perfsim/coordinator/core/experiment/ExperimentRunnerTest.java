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
    for (String f : new String[] {"staged-rollout-abort.yaml", "old-binary-per-kernel.yaml", "pebs-enabled-2026.yaml"}) {
      ExperimentUseCases.Results r = fleet.run(ExperimentFleet.example(f));
      System.out.println(r.journalJson());
    }
  }
}
