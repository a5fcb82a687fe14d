package org.perfsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;

/** Kernel policies as data: the built-ins' file, a user's file, and errors that name the line and the field. */
class KernelPolicyFileTest {

  private static final String VALID = """
      id: my-policy
      description: "a proposal"
      attr-abi: linux-3.8
      precise-limit: 2012
      precise-open: maybe
      intel-vm-entry: no-pebs-switch
      nmi-throttle-race: false
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "3.6,           linux-3.6,               2012,    allow,                   no-pebs-switch, false",
      "3.7-rc,        linux-3.8,               2012,    require-exclude-guest,   no-pebs-switch, false",
      "3.8,           linux-3.8,               2012,    allow,                   no-pebs-switch, false",
      "include-guest, linux-3.8-include-guest, 2012,    include-guest-host-only, pebs-off,       false",
      "modern,        current,                 current, allow,                   mask,           false",
      "2026-pre,      current,                 current, allow,                   mask,           true",
      "2026-fix,      current,                 current, allow,    mask-never-pebs-enable-when-isolated, true"})
  void everyBuiltInIsItsKnobsInTheBuiltInFile(String id, String attrAbi, String preciseLimit, String preciseOpen,
      String intelVmEntry, boolean race) {
    KernelPolicy p = KernelPolicy.byId(id).orElseThrow();
    assertEquals(List.of(attrAbi, preciseLimit, preciseOpen, intelVmEntry, race),
        List.of(p.attrAbi().id(), p.preciseLimit().id(), p.preciseOpen().id(), p.intelVmEntry().id(),
            p.nmiThrottleRace()));
  }

  @Test
  void theBuiltInsAreTheSevenConstantsInOrder() {
    assertEquals(List.of(KernelPolicy.LEGACY_3_6, KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, KernelPolicy.REVERT_3_8,
        KernelPolicy.INCLUDE_GUEST, KernelPolicy.MODERN, KernelPolicy.PRE_2026, KernelPolicy.FIX_2026),
        KernelPolicy.builtIns());
  }

  @Test
  void everyBuiltInRoundTripsThroughTheWriter() throws KernelPolicyFileException {
    for (KernelPolicy p : KernelPolicy.builtIns()) {
      assertEquals(List.of(p), KernelPolicyFile.parse("written", KernelPolicyFile.write(p), List.of()), p.id());
    }
  }

  @Test
  void aUserFileWithSeveralDocumentsAddsItsPoliciesAfterTheBuiltIns() throws KernelPolicyFileException {
    KernelPolicies catalog = KernelPolicies.BUILT_IN.plusFile("two.yaml",
        VALID.replace("maybe", "allow") + "---\n" + VALID.replace("my-policy", "other").replace("maybe", "allow"));
    assertEquals(List.of("my-policy", "other"), catalog.userPolicies().stream().map(KernelPolicy::id).toList());
    assertEquals("other", catalog.byId(" OTHER ").orElseThrow().id());
    assertTrue(catalog.validIds().startsWith(KernelPolicy.validIds() + ", my-policy, other"), catalog.validIds());
    assertTrue(KernelPolicy.byId("my-policy").isEmpty(), "the built-in lookup knows the built-ins only");
  }

  @Test
  void aUserPolicyBehavesByItsKnobsNotItsName() throws KernelPolicyFileException {
    KernelPolicy sameAs37rc = KernelPolicies.BUILT_IN.plusFile("rc.yaml", VALID.replace("maybe",
        "require-exclude-guest")).byId("my-policy").orElseThrow();
    assertNotEquals(KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, sameAs37rc);
    PerfEventAttr cyclesPp = PerfEventAttr.builder().type(PerfEventAttr.TYPE_HARDWARE).config(0)
        .samplePeriodOrFreq(4000).preciseIp(2).build();
    for (KernelPolicy p : List.of(KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, sameAs37rc)) {
      OpenResult r = Kernel.root(p, CpuModel.IVYBRIDGE, 4).perfEventOpen(AttrCodec.encode(cyclesPp), -1, 0, -1, 0);
      OpenResult.Failed failed = (OpenResult.Failed) r;
      assertEquals(KernelRule.REQUIRE_EXCLUDE_GUEST, failed.rule(), p.id());
      OpenResult ok = Kernel.root(p, CpuModel.IVYBRIDGE, 4).perfEventOpen(AttrCodec.encode(
          cyclesPp.toBuilder().flag(AttrFlag.EXCLUDE_GUEST, true).build()), -1, 0, -1, 0);
      assertTrue(ok instanceof OpenResult.Opened, p.id());
    }
    assertEquals(KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC.vmEntryRule(CpuModel.IVYBRIDGE),
        sameAs37rc.vmEntryRule(CpuModel.IVYBRIDGE));
  }

  static Stream<Arguments> badFiles() {
    String ok = VALID.replace("maybe", "allow");
    return Stream.of(
        Arguments.of("an unknown value", VALID, "my-policy.yaml:5: precise-open: unknown value \"maybe\"; "
            + "valid: allow, require-exclude-guest, include-guest-host-only"),
        Arguments.of("an unknown field", ok + "foo: 1\n", "my-policy.yaml:8: foo: unknown field; valid: id, "
            + "description, attr-abi, precise-limit, precise-open, intel-vm-entry, nmi-throttle-race"),
        Arguments.of("a field twice", ok + "precise-limit: current\n",
            "my-policy.yaml:8: precise-limit: given twice (first on line 4)"),
        Arguments.of("a built-in's id", ok.replace("id: my-policy", "id: Modern"),
            "my-policy.yaml:1: id: \"Modern\" is a built-in kernel policy; choose another id"),
        Arguments.of("an id with a blank", ok.replace("id: my-policy", "id: my policy"),
            "my-policy.yaml:1: id: \"my policy\": 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                + "letter or digit"),
        Arguments.of("a list for a knob", ok.replace("precise-limit: 2012", "precise-limit: [2012]"),
            "my-policy.yaml:4: precise-limit: expected a single value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void errorsNameTheLineAndTheField(String what, String text, String expected) {
    KernelPolicyFileException e = assertThrows(KernelPolicyFileException.class,
        () -> KernelPolicies.BUILT_IN.plusFile("my-policy.yaml", text));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void aMissingKnobIsNamedAtTheStartOfItsPolicy() {
    KernelPolicyFileException e = assertThrows(KernelPolicyFileException.class, () -> KernelPolicies.BUILT_IN
        .plusFile("p.yaml", "# a comment\n" + VALID.replace("intel-vm-entry: no-pebs-switch\n", "")
            .replace("maybe", "allow")));
    assertEquals("p.yaml:2: intel-vm-entry: missing (valid: no-pebs-switch, pebs-off, mask, "
        + "mask-never-pebs-enable-when-isolated)", e.getMessage());
    assertEquals(2, e.line());
    assertEquals("intel-vm-entry", e.field());
  }

  @Test
  void aBadBooleanIsNamed() {
    KernelPolicyFileException e = assertThrows(KernelPolicyFileException.class, () -> KernelPolicies.BUILT_IN
        .plusFile("p.yaml", VALID.replace("maybe", "allow").replace("race: false", "race: sometimes")));
    assertEquals("p.yaml:7: nmi-throttle-race: unknown value \"sometimes\"; valid: true, false", e.getMessage());
  }

  @Test
  void theSameIdTwiceAcrossFilesIsAnError() throws KernelPolicyFileException {
    KernelPolicies once = KernelPolicies.BUILT_IN.plusFile("a.yaml", VALID.replace("maybe", "allow"));
    KernelPolicyFileException e = assertThrows(KernelPolicyFileException.class,
        () -> once.plusFile("b.yaml", VALID.replace("maybe", "allow")));
    assertEquals("b.yaml:1: id: \"my-policy\" is already defined; choose another id", e.getMessage());
  }

  @Test
  void notYamlOrNotAMappingOrEmptyIsNamedWithItsLine() {
    assertEquals("x.yaml:2: not YAML: could not find expected ':'", assertThrows(KernelPolicyFileException.class,
        () -> KernelPolicies.BUILT_IN.plusFile("x.yaml", "id: a\nnot yaml\nb: c")).getMessage());
    assertTrue(assertThrows(KernelPolicyFileException.class, () -> KernelPolicies.BUILT_IN.plusFile("x.yaml",
        "- a list\n")).getMessage().startsWith("x.yaml:1: a kernel policy is a mapping of id, description,"));
    assertTrue(assertThrows(KernelPolicyFileException.class, () -> KernelPolicies.BUILT_IN.plusFile("x.yaml",
        "# only a comment\n")).getMessage().startsWith("x.yaml:1: no kernel policy in it"));
  }
}
