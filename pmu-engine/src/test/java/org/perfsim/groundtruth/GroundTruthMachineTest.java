package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.Vendor;

/** How the ground-truth tests learn this machine's CPU vendor, and how it is forced. */
class GroundTruthMachineTest {

  @Test
  void theVendorComesFromTheCpuidLinePerfPrints() {
    assertEquals(Optional.of(Vendor.AMD), GroundTruthMachine.vendorFromPerfVerbose(
        "DEBUGINFOD_URLS=\nUsing CPUID AuthenticAMD-25-1-1\nnr_cblocks: 0\n"));
    assertEquals(Optional.of(Vendor.INTEL), GroundTruthMachine.vendorFromPerfVerbose(
        "Using CPUID GenuineIntel-6-CF-2\n"));
    assertEquals(Optional.of(Vendor.ARM), GroundTruthMachine.vendorFromPerfVerbose(
        "Using CPUID 0x00000000410fd0c0\n"));
    assertEquals(Optional.empty(), GroundTruthMachine.vendorFromPerfVerbose("nr_cblocks: 0\n"));
  }

  @Test
  void withoutPerfTheVendorComesFromCpuinfo() {
    assertEquals(Optional.of(Vendor.INTEL), GroundTruthMachine.vendorFromCpuinfo(
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"));
    assertEquals(Optional.of(Vendor.AMD), GroundTruthMachine.vendorFromCpuinfo(
        "processor\t: 0\nvendor_id\t: AuthenticAMD\n"));
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
