package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RebootPolicy;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.ProvisionSpec;

/** The translation between perfsim.v1 requests and the core's domain requests loses nothing the API shows. */
class ApiRequestsTest {

  static Stream<StartSessionRequest> sessions() {
    return Stream.of(
        StartSessionRequest.getDefaultInstance(),
        StartSessionRequest.newBuilder().setCommandLine("perf record -e cycles:p -ag -- sleep 10")
            .setHosts(HostSelector.newBuilder().setAll(true)).build(),
        StartSessionRequest.newBuilder().setArgv(Argv.newBuilder().addArgs("perf").addArgs("stat"))
            .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds("a").addIds("b")))
            .setPerfGeneration("").setSeed(0).build(),
        StartSessionRequest.newBuilder().setCommandLine("x")
            .setHosts(HostSelector.newBuilder().setLabels(LabelSelector.newBuilder().putMatchLabels("zone", "a")))
            .setSeed(-1).build(),
        StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setCount(-1)).build(),
        StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setPercent(12.5))
            .setPerfGeneration("modern").build());
  }

  @ParameterizedTest
  @MethodSource("sessions")
  void aSessionRequestComesBackAsTheCallerSentIt(StartSessionRequest request) {
    assertEquals(request, ApiRequests.startSessionRequest(ApiRequests.session(request)));
  }

  @Test
  void aProvisionedHostsSpecReadsBackWithEveryDefaultFilledIn() {
    ProvisionSpec spec = ProvisionSpec.of(ApiRequests.provision(ProvisionHostsRequest.newBuilder().setCount(1)
        .build()));
    assertEquals(2048, ApiMessages.guestSpec(spec.shape()).getMemoryMib());
    assertEquals(1.0, ApiMessages.guestSpec(spec.shape()).getBusyShare());
    RebootPolicy reboot = ApiMessages.rebootPolicy(spec.reboot());
    assertEquals(30, reboot.getBootTime().getSeconds());
    assertEquals(false, reboot.hasDelay(), "no delay without the after-delay kind");
  }

  @Test
  void anUnknownRebootKindNumberIsRefusedOnItsField() {
    CoreError e = assertThrows(CoreError.class, () -> ApiRequests.provision(ProvisionHostsRequest.newBuilder()
        .setRebootPolicy(RebootPolicy.newBuilder().setKindValue(9)).build()));
    assertEquals("reboot_policy.kind", e.field());
  }
}
