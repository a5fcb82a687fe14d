package org.perfsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import org.perfsim.api.v1.Explanation;
import org.perfsim.coordinator.ApiMessages;
import org.perfsim.session.MatrixRow;

/**
 * How the CLI prints an explanation ({@code --explain} on {@code matrix} and {@code run}): one renderer over the
 * API's {@link Explanation}, which the matrix's domain rows are translated to by {@link ApiMessages} first, so a
 * local matrix and a session over gRPC read the same.
 */
final class ExplanationText {
  /** The CSV columns {@code matrix --format csv --explain} adds. */
  static final List<String> CSV_COLUMNS = List.of("attr", "kernelRule", "kernelDetail", "opened", "countsGuest",
      "pebsLeftEnabledAtVmEntry", "perfFallbacks", "why");

  private ExplanationText() {}

  /** The explanation as labelled lines, for an indented block under a row. */
  static List<String> lines(Explanation e) {
    List<String> out = new ArrayList<>();
    out.add("attr:      " + attr(e) + (e.getEvent().isEmpty() ? "" : " (" + e.getEvent() + ")"));
    out.add("kernel:    " + (e.getKernelRule().isEmpty() ? "no perf_event_open was made"
        : e.getKernelRule() + ": " + e.getKernelRuleText() + " [" + e.getKernelRuleSource() + "]")
        + (e.getKernelDetail().isEmpty() ? "" : "; here: " + e.getKernelDetail()));
    out.add("vm entry:  " + (!e.getOpened() ? "no event opened, nothing runs in guest mode"
        : (e.getPebsLeftEnabledAtVmEntry() ? "IA32_PEBS_ENABLE left on" : "PEBS off in guest mode (not armed, or "
            + "cleared at VM entry)") + (e.getCountsGuest() ? "; the attr counts guest mode"
            : "; the attr does not count guest mode")));
    out.add("fallbacks: " + (e.getPerfFallbacksList().isEmpty() ? "none" : String.join("; ", e.getPerfFallbacksList())));
    out.add("why:       " + e.getReason());
    return out;
  }

  /** The decisive attr bits as {@code exclude_guest=1 exclude_host=0 precise_ip=2 ...}. */
  static String attr(Explanation e) {
    if (!e.getHasAttr()) {
      return "none (perf built no attr)";
    }
    return "exclude_guest=" + bit(e.getExcludeGuest()) + " exclude_host=" + bit(e.getExcludeHost()) + " precise_ip="
        + e.getPreciseIp() + " exclude_user=" + bit(e.getExcludeUser()) + " exclude_kernel=" + bit(e.getExcludeKernel());
  }

  static List<String> csvCells(Explanation e) {
    return List.of(attr(e), e.getKernelRule(), e.getKernelDetail(), Boolean.toString(e.getOpened()),
        Boolean.toString(e.getCountsGuest()),
        Boolean.toString(e.getPebsLeftEnabledAtVmEntry()), String.join("; ", e.getPerfFallbacksList()), e.getReason());
  }

  /** The explanation as a JSON object with the API's (proto3 JSON) field names, every field present. */
  static JsonNode json(Explanation e) {
    try {
      return new ObjectMapper().readTree(JsonFormat.printer().includingDefaultValueFields().print(e));
    } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException("an explanation always prints as JSON", impossible);
    }
  }

  /** Matrix rows with their explanations, one indented block per case (a list in markdown). */
  static String matrixBlocks(List<MatrixRow> rows, boolean markdown) {
    StringBuilder sb = new StringBuilder();
    for (MatrixRow r : rows) {
      String head = "perf " + r.perfVersion() + " " + r.event() + " on " + r.kernel() + " (" + r.cpu() + ", "
          + MatrixTables.guests(r) + " guests): " + r.annotatedOutcome();
      sb.append(markdown ? "- **" + head + "**" : head).append('\n');
      for (String line : lines(ApiMessages.explanation(r.explanation()))) {
        sb.append(markdown ? "  - " : "    ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }
}
