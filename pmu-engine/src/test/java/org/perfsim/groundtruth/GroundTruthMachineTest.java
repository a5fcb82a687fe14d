package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.Vendor;

/** How the ground-truth tests learn this machine's CPU vendor, and how it is forced. */
class GroundTruthMachineTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Using CPUID AuthenticAMD-25-1-1 | AMD",
      "Using CPUID GenuineIntel-6-CF-2 | INTEL",
      "Using CPUID 0x00000000410fd0c0 | ARM"})
  void theVendorComesFromTheCpuidLinePerfPrints(String line, Vendor vendor) {
    assertEquals(Optional.of(vendor), GroundTruthMachine.vendorFromPerfVerbose(
        "DEBUGINFOD_URLS=\n" + line + "\nnr_cblocks: 0\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GenuineIntel, INTEL", "AuthenticAMD, AMD"})
  void withoutPerfTheVendorComesFromCpuinfo(String vendorId, Vendor vendor) {
    assertEquals(Optional.of(vendor), GroundTruthMachine.vendorFromCpuinfo(
        "processor\t: 0\nvendor_id\t: " + vendorId + "\ncpu family\t: 6\n"));
  }

  @Test
  void outputWithoutAVendorSaysNothing() {
    assertEquals(Optional.empty(), GroundTruthMachine.vendorFromPerfVerbose("nr_cblocks: 0\n"));
    assertEquals(Optional.empty(), GroundTruthMachine.vendorFromCpuinfo("processor\t: 0\nBogoMIPS\t: 50.00\n"));
  }

  @Test
  void perfsVendorBranchesTestForAmdAlone() {
    assertEquals(Vendor.INTEL, GroundTruthMachine.vendorOfCpuid("HygonGenuine-24-0-1"));
  }

  @Test
  void theForcingPropertyTakesIntelOrAmdAndNamesABadValue() {
    assertEquals(Optional.empty(), GroundTruthMachine.forced(" "));
    assertEquals(Optional.of(Vendor.INTEL), GroundTruthMachine.forced("Intel"));
    assertEquals(Optional.of(Vendor.AMD), GroundTruthMachine.forced("amd"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> GroundTruthMachine.forced("via"));
    assertTrue(bad.getMessage().contains("perfsim.test.cpu-vendor: 'via'"), bad.getMessage());
  }

  @Test
  void thisMachinesVendorIsKnown() {
    assertTrue(GroundTruthMachine.realVendor() != null);
  }
}
