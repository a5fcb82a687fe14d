package org.perfsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicyFileException;
import picocli.CommandLine.Option;

/**
 * {@code --kernel-policy-file FILE} (repeatable), for every verb that names kernel policies: the files are read
 * here (the domain parses text, it reads no files) and their policies join the built-ins.
 */
final class KernelPolicyFileOptions {
  @Option(names = "--kernel-policy-file", paramLabel = "FILE", description = "a kernel policy file (YAML, one "
      + "policy per document; docs/KERNEL-POLICIES.md) whose policies the kernel options may name; repeatable")
  List<Path> files = new ArrayList<>();

  private KernelPolicies loaded;

  /** The built-in policies plus those of the files; a file that cannot be read or parsed is a usage error. */
  KernelPolicies policies() {
    if (loaded == null) {
      KernelPolicies policies = KernelPolicies.BUILT_IN;
      for (Path file : files) {
        policies = plus(policies, file, read(file));
      }
      loaded = policies;
    }
    return loaded;
  }

  private static KernelPolicies plus(KernelPolicies policies, Path file, String text) {
    try {
      return policies.plusFile(file.toString(), text);
    } catch (KernelPolicyFileException e) {
      throw new Choices.BadChoice("--kernel-policy-file: " + e.getMessage());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new Choices.BadChoice("--kernel-policy-file: cannot read " + file + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
              + e.getMessage()));
    }
  }
}
