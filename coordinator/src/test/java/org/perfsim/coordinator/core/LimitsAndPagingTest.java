package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/** The one page-token scheme, the shared limits and defaults, and the one id lookup. */
class LimitsAndPagingTest {

  @Test
  void aTokenOnlyPagesTheListingAndServerThatWroteIt() {
    PageToken tokens = new PageToken();
    String token = tokens.encode("hosts{zone=a}", "host-3");
    assertEquals("host-3", tokens.decode("hosts{zone=a}", token));
    assertEquals("", tokens.decode("hosts{zone=a}", ""));
    assertEquals("page_token", assertThrows(CoreError.class, () -> tokens.decode("hosts{}", token)).field());
    assertEquals("page_token", assertThrows(CoreError.class, () -> new PageToken().decode("hosts{zone=a}", token))
        .field());
    assertEquals("page_token", assertThrows(CoreError.class, () -> tokens.decode("hosts", "%%not-base64")).field());
  }

  @Test
  void pageSizeZeroMeansTheDefaultNegativeIsRefusedAndLargeIsCapped() {
    assertEquals(Limits.HOSTS_PAGE_SIZE, Limits.pageSize(0, Limits.HOSTS_PAGE_SIZE));
    assertEquals(Limits.MAX_PAGE_SIZE, Limits.pageSize(Integer.MAX_VALUE, Limits.SESSIONS_PAGE_SIZE));
    assertEquals("page_size", assertThrows(CoreError.class, () -> Limits.pageSize(-1, 1)).field());
  }

  @Test
  void anEmptyRequestTakesEveryDefaultAndPastALimitNamesTheField() {
    ProvisionSpec spec = ProvisionSpec.of(ProvisionRequest.count(1, Defaults.GUESTS_PER_HOST, "", "", "", 0));
    assertEquals(Defaults.CPU, spec.cpu());
    assertEquals(Defaults.KERNEL, spec.kernel());
    assertEquals(Defaults.PERF, spec.perfVersion());
    assertEquals(Defaults.PCPUS, spec.pcpus());
    assertEquals(Defaults.GUEST_MEMORY_MIB, spec.shape().memoryMib());
    CoreError pcpus = assertThrows(CoreError.class, () -> ProvisionSpec.of(
        ProvisionRequest.count(1, 1, "", "", "", Limits.MAX_PCPUS + 1)));
    assertEquals("pcpus", pcpus.field());
    CoreError guests = assertThrows(CoreError.class, () -> ProvisionSpec.of(new ProvisionRequest(
        new ProvisionRequest.Count(1), Map.of(), "", "", "", 0, OptionalInt.of(-1),
        ProvisionRequest.GuestRequest.DEFAULT, ProvisionRequest.RebootRequest.DEFAULT)));
    assertEquals("guests_per_host: must be within 0..256, got 4294967295", guests.getMessage());
  }

  @Test
  void everyKindOfIdIsLookedUpTheSameWayIgnoringCaseAndBlanks() {
    assertEquals(CpuModel.IVYBRIDGE, DomainIds.cpu("cpu_model", " IvyBridge "));
    assertEquals(KernelPolicy.byId("modern").orElseThrow(), DomainIds.kernel("kernel_policy", "MODERN"));
    assertEquals(PerfGeneration.MODERN, DomainIds.perf("perf_generation", " Modern"));
    CoreError unknown = assertThrows(CoreError.class, () -> DomainIds.perf("perf_generation", "9.9"));
    assertEquals("perf_generation: unknown perf generation '9.9' (valid: " + PerfGeneration.validIds() + ")",
        unknown.getMessage());
    assertEquals(PerfGeneration.V6_1, DomainIds.perf("perf_generation", ""));
    assertEquals("perf_generation", assertThrows(CoreError.class, () -> DomainIds.perfNamed("perf_generation", ""))
        .field());
  }

  @Test
  void theDefaultCpuIsTheDomainsDefaultCpuModel() {
    // Defaults.CPU stays a compile-time String (picocli annotations read it); it must name CpuModel.DEFAULT
    assertEquals(CpuModel.DEFAULT.id(), Defaults.CPU);
    assertEquals(CpuModel.DEFAULT, DomainIds.cpu("cpu_model", ""));
  }
}
