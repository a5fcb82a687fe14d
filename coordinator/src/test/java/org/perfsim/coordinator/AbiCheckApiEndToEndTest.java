package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.AbiChange;
import org.perfsim.api.v1.AbiCheckRequest;
import org.perfsim.api.v1.AbiCheckResponse;
import org.perfsim.api.v1.Outcome;
import org.perfsim.deploy.DeployFiles;

/** AbiService.AbiCheck in process: the 2012 verdicts, a user policy defined in the request, bad input. */
class AbiCheckApiEndToEndTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("abi-check", 0,
      FleetApiEndToEndTest.MAX_HOSTS);

  private static String example(String name) throws IOException {
    return Files.readString(DeployFiles.locate().root().resolve("examples/kernel-policies").resolve(name));
  }

  private static AbiCheckRequest.Builder check(String from, String to) {
    return AbiCheckRequest.newBuilder().setFrom(from).setTo(to);
  }

  @Test
  void theRequireExcludeGuestCheckRegressesPerf36CyclesPpWhereItRan() {
    AbiCheckResponse r = server.abi().abiCheck(check("3.6", "3.7-rc").build());
    assertEquals("3.6", r.getFrom());
    assertEquals("3.7-rc", r.getTo());
    assertEquals(7, r.getCases());
    assertTrue(r.getRegression());
    assertEquals(2, r.getRegressionsCount());
    for (AbiChange c : r.getRegressionsList()) {
      assertEquals("cycles:pp", c.getAfter().getEvent());
      assertEquals(Outcome.OUTCOME_OK, c.getBefore().getOutcome());
      assertEquals(95, c.getAfter().getErrno());
    }
    assertEquals(2, r.getFixesCount());
    assertEquals(3, r.getUnchanged());
  }

  @Test
  void theRevertRegressesNothingAndBringsThemBack() {
    AbiCheckResponse r = server.abi().abiCheck(check("3.7-rc", "3.8").build());
    assertFalse(r.getRegression());
    assertEquals(2, r.getBackCount());
    assertEquals(2, r.getCrashesCount());
  }

  @Test
  void aUserPolicyDefinedInTheRequestIsCheckedLikeABuiltIn() throws IOException {
    AbiCheckResponse user = server.abi().abiCheck(check("3.6", "proposed-include-guest")
        .addKernelPolicies(example("proposed-include-guest.yaml")).build());
    AbiCheckResponse builtIn = server.abi().abiCheck(check("3.6", "include-guest").build());
    assertEquals("proposed-include-guest", user.getTo());
    assertFalse(user.getRegression());
    assertEquals(builtIn.getFixesCount(), user.getFixesCount());
    assertEquals(builtIn.getFixesList().stream().map(c -> c.getAfter().getOutcome()).toList(),
        user.getFixesList().stream().map(c -> c.getAfter().getOutcome()).toList());

    AbiCheckResponse gate = server.abi().abiCheck(check("modern", "proposed-require-exclude-guest-today")
        .addKernelPolicies(example("proposed-require-exclude-guest-today.yaml")).addPerfGenerations("3.6")
        .addEvents("cycles:pp").setGuests(0).build());
    assertTrue(gate.getRegression());
    assertEquals(List.of("cycles:pp"), gate.getRegressionsList().stream().map(c -> c.getAfter().getEvent()).toList());
  }

  @Test
  void aBadPolicyTextIsInvalidNamingTheEntryTheLineAndTheField() throws IOException {
    String bad = example("proposed-include-guest.yaml").replace("precise-limit: 2012", "precise-limit: 2013");
    LoopbackCoordinator.Refusal r = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().abiCheck(
        check("3.6", "proposed-include-guest").addKernelPolicies(example("proposed-require-exclude-guest-today.yaml"))
            .addKernelPolicies(bad).build()));
    assertEquals("kernel_policies[1]", r.field());
    assertContains(r.message(), "kernel_policies[1]: line 9: precise-limit: unknown value \"2013\"; valid: 2012, "
        + "current");
  }

  @Test
  void aShadowingOrUnknownOrMissingPolicyIsInvalidNamingItsField() throws IOException {
    String shadow = example("proposed-include-guest.yaml").replace("id: proposed-include-guest", "id: 3.8");
    LoopbackCoordinator.Refusal shadowing = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().abiCheck(
        check("3.6", "3.8").addKernelPolicies(shadow).build()));
    assertEquals("kernel_policies[0]", shadowing.field());
    assertContains(shadowing.message(), "id: \"3.8\" is a built-in kernel policy");

    LoopbackCoordinator.Refusal unknown = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().abiCheck(
        check("3.6", "proposed-include-guest").build()));
    assertEquals("to", unknown.field());
    assertContains(unknown.message(), "unknown kernel policy 'proposed-include-guest' (valid: 3.6, 3.7-rc");

    LoopbackCoordinator.Refusal missing = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().abiCheck(
        AbiCheckRequest.newBuilder().setTo("3.8").build()));
    assertEquals("from", missing.field());
    assertContains(missing.message(), "required");
  }
}
