package org.perfsim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.perfsim.api.v1.HostSessionResult;

/**
 * The hosts of a session that could not run it, as fleet runners count them (Ansible exits 2 when a host
 * failed and 4 when one was unreachable): {@code unreachable} hosts' cluster member was lost, {@code failed} ones
 * answered with some other node error (the ask timed out, the host could not start it). perf's own outcomes
 * (an errno, crashed guests) are results, not failures.
 */
record HostFailures(int failed, int unreachable) {
  /** Exit status of {@code run} and {@code experiment run} when a host failed (and none was unreachable). */
  static final int HOST_FAILED = 2;
  /** Exit status when a host was unreachable (it wins over {@link #HOST_FAILED}, as in Ansible). */
  static final int HOST_UNREACHABLE = 4;

  static HostFailures of(List<HostSessionResult> results) {
    int unreachable = (int) results.stream().filter(HostSessionResult::getNodeUnreachable).count();
    int failed = (int) results.stream().filter(r -> !r.getNodeError().isEmpty() && !r.getNodeUnreachable()).count();
    return new HostFailures(failed, unreachable);
  }

  /** The host rows of an experiment's journal ({@code outcome} "failed" or "unreachable"), over every step. */
  static HostFailures ofJournal(String journalJson) {
    int[] counts = new int[2];
    try {
      count(new ObjectMapper().readTree(journalJson), counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the coordinator sent a journal that is not JSON: " + e.getMessage(), e);
    }
    return new HostFailures(counts[0], counts[1]);
  }

  private static void count(JsonNode node, int[] counts) {
    if (node.has("host") && node.has("outcome")) {
      String outcome = node.get("outcome").asText();
      counts[0] += outcome.equals("failed") ? 1 : 0;
      counts[1] += outcome.equals("unreachable") ? 1 : 0;
    }
    node.forEach(child -> count(child, counts));
  }

  /** 4 if a host was unreachable, else 2 if one failed, else 0. */
  int exitStatus() {
    return unreachable > 0 ? HOST_UNREACHABLE : failed > 0 ? HOST_FAILED : 0;
  }

  /** {@code " (1 failed, 2 unreachable)"} for the summary line; empty when every host ran. */
  String summaryText() {
    return failed == 0 && unreachable == 0 ? "" : " (" + failed + " failed, " + unreachable + " unreachable)";
  }
}
