package org.perfsim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.id.Identified;

/**
 * The kernel policies one caller knows: the built-ins, then a user's policies read from policy files (a
 * command line's {@code --kernel-policy-file}, an API request's inline definitions). Immutable: adding a file
 * gives a new catalog. A user policy never shadows another policy's id.
 */
public final class KernelPolicies {
  /** The built-in policies alone. */
  public static final KernelPolicies BUILT_IN = new KernelPolicies(KernelPolicy.builtIns());

  private final List<KernelPolicy> all;

  private KernelPolicies(List<KernelPolicy> all) {
    this.all = List.copyOf(all);
  }

  /**
   * This catalog plus the policies of a policy file; {@code name} is what its errors call it (the file's
   * path, an API field).
   *
   * @throws KernelPolicyFileException naming the line and the field at fault, also for an id that is taken
   */
  public KernelPolicies plusFile(String name, String text) throws KernelPolicyFileException {
    List<KernelPolicy> more = new ArrayList<>(all);
    more.addAll(KernelPolicyFile.parse(name, text, all));
    return new KernelPolicies(more);
  }

  /** The policy named {@code id} by the one rule of {@link Identified#byId}: blanks and case ignored. */
  public Optional<KernelPolicy> byId(String id) {
    return Identified.byId(all.toArray(KernelPolicy[]::new), id);
  }

  /** Every id, built-ins first, for errors that list what is valid. */
  public String validIds() {
    return Identified.validIds(all.toArray(KernelPolicy[]::new));
  }

  /** Every policy, built-ins first, then the user's in the order they were read. */
  public List<KernelPolicy> all() {
    return all;
  }

  /** The policies that are not built in. */
  public List<KernelPolicy> userPolicies() {
    return all.subList(KernelPolicy.builtIns().size(), all.size());
  }
}
