package org.perfsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.PerfPermissions;
import picocli.CommandLine;

/** Turns option values into domain choices, with an error naming the option and the valid values. */
final class Choices {
  private Choices() {}

  static PerfGeneration generation(String id, String option) {
    return PerfGeneration.byId(id).orElseThrow(() -> bad(option, id, PerfGeneration.validIds()));
  }

  static KernelPolicy kernel(String id, String option) {
    return kernel(KernelPolicies.BUILT_IN, id, option);
  }

  /** A kernel policy of {@code policies}: the built-ins and the user's {@code --kernel-policy-file} ones. */
  static KernelPolicy kernel(KernelPolicies policies, String id, String option) {
    return policies.byId(id).orElseThrow(() -> bad(option, id, policies.validIds()));
  }

  static CpuModel cpu(String id, String option) {
    return CpuModel.byId(id).orElseThrow(() -> bad(option, id, CpuModel.validIds()));
  }

  /** The caller's capabilities ({@code none}, {@code perfmon}, {@code sys_admin}). */
  static Capabilities caps(String id, String option) {
    return Capabilities.byId(id).orElseThrow(() -> bad(option, id, Capabilities.validIds()));
  }

  /** A {@code kernel.perf_event_paranoid} value, -1..3. */
  static int paranoid(int value, String option) {
    if (!PerfPermissions.validParanoid(value)) {
      throw new BadChoice(option + ": " + value + " is not a perf_event_paranoid level (valid: "
          + PerfPermissions.VALID_PARANOID_TEXT + ")");
    }
    return value;
  }

  /** A comma list of ids, each resolved by {@code one}. */
  static <T> List<T> list(String csv, String option, Function<String, T> one) {
    List<T> out = new ArrayList<>();
    for (String id : csv.split(",")) {
      if (!id.isBlank()) {
        out.add(one.apply(id.trim()));
      }
    }
    if (out.isEmpty()) {
      throw new BadChoice(option + ": empty list");
    }
    return out;
  }

  private static BadChoice bad(String option, String value, String valid) {
    return new BadChoice(option + ": unknown value '" + value + "' (valid: " + valid + ")");
  }

  /** A bad option value; the CLI prints it and exits with status 2. */
  /** {@code port} if it is one (0 = any free port), else a BadChoice naming {@code option}. */
  static int port(int port, String option) {
    if (port < 0 || port > 65535) {
      throw new BadChoice(option + ": " + port + " is not a port (0..65535)");
    }
    return port;
  }

  static final class BadChoice extends RuntimeException {
    BadChoice(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Installs the handler that turns a BadChoice into "perfsim: message" and status 2, and any other failure
   * (a port in use, a cluster that cannot be joined) into "perfsim: message" and status 1, without a trace.
   */
  static CommandLine.IExecutionExceptionHandler handler() {
    return (ex, cl, parseResult) -> {
      if (ex instanceof BadChoice) {
        cl.getErr().println("perfsim: " + ex.getMessage());
        return PerfsimCli.USAGE_ERROR;
      }
      if (ex instanceof io.grpc.StatusRuntimeException status) {
        // the coordinator's refusal: its code, and its message naming the field (perf's own text for events)
        io.grpc.Status.Code code = status.getStatus().getCode();
        String text = status.getStatus().getDescription() == null ? "" : status.getStatus().getDescription();
        if (code == io.grpc.Status.Code.NOT_FOUND) {
          // an id the server does not know (e.g. 'sessions get s-99'): its text names the id; bad input
          cl.getErr().println("perfsim: " + text.replaceFirst("^[a-z_.]+: ", ""));
          return PerfsimCli.USAGE_ERROR;
        }
        if (code == io.grpc.Status.Code.UNAVAILABLE && status.getCause() != null) {
          // grpc's own text is just "io exception"; the socket's error names the address and what failed
          Throwable root = status.getCause();
          while (root.getCause() != null) {
            root = root.getCause();
          }
          text = text + " (" + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()) + ")";
        }
        // the channel's own failure has a cause; without one the coordinator answered, and its text names the
        // host (or whatever else) that did not answer it
        cl.getErr().println("perfsim: " + code + (code != io.grpc.Status.Code.UNAVAILABLE ? ": "
            : status.getCause() != null ? ": cannot reach the coordinator: " : ": the coordinator answered: ") + text);
        return code == io.grpc.Status.Code.INVALID_ARGUMENT ? PerfsimCli.USAGE_ERROR : 1;
      }
      cl.getErr().println("perfsim: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    };
  }
}
