package org.perfsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.AbiCheck;
import org.perfsim.session.AbiDiff;
import org.perfsim.session.MatrixCase;
import org.perfsim.session.MatrixRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perfsim abi-check}: the same perf binaries and events under two kernel policies; lists what broke
 * (regressions), what stopped crashing guests (fixes), what came back and what still crashes, and exits 1
 * when anything broke, so a kernel-policy change can gate CI.
 */
@Command(name = "abi-check", mixinStandardHelpOptions = true,
    description = {"Runs the same cases under kernel policy --from and --to and lists every case that worked under "
        + "--from and fails with an errno under --to (regressions), every case that crashed guests under --from "
        + "and no longer does (fixes), the cases that came back and those that still crash guests.",
        "Without --perf-versions/--events/--guests it compares the reference's seed table cells.",
        "--from and --to may name a user policy of a --kernel-policy-file, so a proposed kernel change can be "
            + "checked before it is merged.",
        "Exit status: 0 no regression, 1 at least one regression, 2 bad input."})
public final class AbiCheckCommand implements Callable<Integer> {
  /** Exit status when at least one case regressed. */
  static final int REGRESSION = 1;

  @Option(names = "--from", required = true,
      description = "the kernel policy the binaries ran under (built-in or from --kernel-policy-file)")
  String from;

  @Option(names = "--to", required = true, description = "the kernel policy they move to")
  String to;

  @Mixin CaseOptions options;

  @Mixin KernelPolicyFileOptions policyFiles;

  @Override
  public Integer call() throws Exception {
    MatrixCommand.Format fmt = options.outputFormat();
    KernelPolicies policies = policyFiles.policies();
    KernelPolicy fromKernel = Choices.kernel(policies, from, "--from");
    KernelPolicy toKernel = Choices.kernel(policies, to, "--to");
    List<MatrixCase> cases = options.seedCells() ? AbiCheck.seedCases(toKernel, options.cpuList())
        : options.selection(List.of(toKernel)).sections().get(0);
    AbiDiff diff = AbiCheck.compare(fromKernel, toKernel, cases, options.seed);
    switch (fmt) {
      case JSON -> System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(json(diff)));
      case CSV -> System.out.print(flat(diff).toCsv());
      case MARKDOWN, TABLE -> System.out.print(text(diff, fmt == MatrixCommand.Format.MARKDOWN));
    }
    return diff.hasRegression() ? REGRESSION : 0;
  }

  /** The lists in the order a reader needs them, each with its heading; empty lists are left out. */
  private static List<Map.Entry<String, List<AbiDiff.Change>>> sections(AbiDiff d) {
    String f = d.from().id();
    String t = d.to().id();
    return List.of(
        Map.entry("Regressions (worked under " + f + ", fail under " + t + ")", d.regressions()),
        Map.entry("Fixes (crashed guests under " + f + ", no longer under " + t + ")", d.fixes()),
        Map.entry("Back (failed under " + f + ", run under " + t + ")", d.restored()),
        Map.entry("Guest crashes not fixed (crash guests under " + t + ")", d.crashes()),
        Map.entry("Other changes", d.otherChanges()));
  }

  static String summary(AbiDiff d) {
    return "abi-check " + d.from().id() + " -> " + d.to().id() + ": " + d.cases() + " cases, "
        + d.regressions().size() + " regressions, " + d.fixes().size() + " fixes, " + d.restored().size()
        + " back, " + d.crashes().size() + " still crashing guests, " + d.otherChanges().size()
        + " other changes, " + d.unchanged() + " unchanged";
  }

  private static String text(AbiDiff d, boolean markdown) {
    StringBuilder sb = new StringBuilder(summary(d)).append("\n");
    for (Map.Entry<String, List<AbiDiff.Change>> section : sections(d)) {
      if (section.getValue().isEmpty()) {
        continue;
      }
      sb.append("\n").append(markdown ? "### " : "").append(section.getKey()).append(":\n\n");
      TextTable t = table(d, section.getValue());
      sb.append(markdown ? t.toMarkdown() : t.toText());
    }
    sb.append("\nverdict: ").append(d.hasRegression()
        ? "REGRESSION (" + d.regressions().size() + " cases that worked under " + d.from().id() + " fail under "
            + d.to().id() + ")"
        : "no regression").append("\n");
    return sb.toString();
  }

  private static TextTable table(AbiDiff d, List<AbiDiff.Change> changes) {
    TextTable t = new TextTable(List.of("perf", "event", "cpu", "guests", d.from().id(), d.to().id(), "reason"));
    for (AbiDiff.Change c : changes) {
      MatrixRow a = c.after();
      t.add(List.of(a.perfVersion(), "`" + a.event() + "`", a.cpu(), MatrixTables.guests(a),
          c.before().outcome().word(), a.outcome().word(), reason(c)));
    }
    return t;
  }

  /** Why the case fails under --to, else why it failed under --from; empty when it runs under both. */
  private static String reason(AbiDiff.Change c) {
    String why = c.after().reason().isEmpty() ? c.before().reason() : c.after().reason();
    return why.lines().findFirst().orElse("");
  }

  private static TextTable flat(AbiDiff d) {
    TextTable t = new TextTable(List.of("change", "perfVersion", "event", "cpu", "guests", "from", "to",
        "fromOutcome", "toOutcome", "toErrno", "reason"));
    String[] kinds = {"regression", "fix", "back", "crash", "other"};
    List<Map.Entry<String, List<AbiDiff.Change>>> sections = sections(d);
    for (int i = 0; i < sections.size(); i++) {
      for (AbiDiff.Change c : sections.get(i).getValue()) {
        MatrixRow a = c.after();
        t.add(List.of(kinds[i], a.perfVersion(), a.event(), a.cpu(), MatrixTables.guests(a), d.from().id(),
            d.to().id(), c.before().outcome().word(), a.outcome().word(),
            a.errno() == null ? "" : a.errno().toString(), reason(c)));
      }
    }
    return t;
  }

  private static Map<String, Object> json(AbiDiff d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", d.from().id());
    m.put("to", d.to().id());
    m.put("cases", d.cases());
    m.put("regression", d.hasRegression());
    m.put("regressions", json(d.regressions()));
    m.put("fixes", json(d.fixes()));
    m.put("back", json(d.restored()));
    m.put("crashes", json(d.crashes()));
    m.put("otherChanges", json(d.otherChanges()));
    m.put("unchanged", d.unchanged());
    return m;
  }

  private static List<Map<String, Object>> json(List<AbiDiff.Change> changes) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AbiDiff.Change c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("before", MatrixCommand.json(c.before(), false));
      m.put("after", MatrixCommand.json(c.after(), false));
      out.add(m);
    }
    return out;
  }
}
