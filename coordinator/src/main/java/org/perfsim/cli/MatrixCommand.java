package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.perfsim.coordinator.ApiMessages;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.MatrixCase;
import org.perfsim.session.MatrixPlan;
import org.perfsim.session.MatrixRow;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.SeedCases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perfsim matrix}: every combination of perf binary, kernel policy, CPU and event, opened and run
 * as a short simulated session. With no selection it runs the reference's seed table.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
    description = {"Runs perf binaries x kernel policies x CPUs x events through open and a short simulated "
            + "session ('perf record -e EVENT -a -- sleep 0.1') and prints one outcome per case.",
        "Without --perf-versions/--events/--cpus/--guests it runs the reference's seed table."})
public final class MatrixCommand implements Callable<Integer> {
  @Mixin CaseOptions options;

  @Mixin KernelPolicyFileOptions policyFiles;

  @Option(names = "--kernels", description = "comma list of kernel policies, built-in or from "
      + "--kernel-policy-file (default: the seed table's)")
  String kernels;

  @Option(names = "--baseline", defaultValue = Defaults.BASELINE_KERNEL, description = "kernel a regression is measured against")
  String baseline;

  @Option(names = "--paranoid", paramLabel = "N", description = "every cell's host kernel.perf_event_paranoid: -1, 0, "
      + "1, 2 or 3 (default " + Defaults.PERF_EVENT_PARANOID + ")")
  Integer paranoid;

  @Option(names = "--caps", paramLabel = "CAPS", description = "the capabilities every cell's perf runs with: none, "
      + "perfmon or sys_admin (default " + Defaults.CALLER_CAPABILITIES + ")")
  String caps;

  @Option(names = "--explain", description = "say why each case came out so: attr bits, kernel rule, PEBS at "
      + "VM entry, perf's fallbacks (an indented block per case; an 'explanation' object in json)")
  boolean explain;

  @Override
  public Integer call() throws Exception {
    Format fmt = options.outputFormat();
    KernelPolicies policies = policyFiles.policies();
    KernelPolicy base = Choices.kernel(policies, baseline, "--baseline");
    List<KernelPolicy> kernelList = kernels == null ? SeedCases.kernels()
        : Choices.list(kernels, "--kernels", id -> Choices.kernel(policies, id, "--kernels"));
    boolean seedTable = options.seedCells() && options.cpus == null;
    MatrixRunner runner = new MatrixRunner(base, options.seed);
    int hostParanoid = paranoid == null ? Defaults.PERF_EVENT_PARANOID : Choices.paranoid(paranoid, "--paranoid");
    Capabilities callerCaps = Choices.caps(caps == null ? Defaults.CALLER_CAPABILITIES : caps, "--caps");
    List<List<MatrixCase>> sections = (seedTable ? MatrixPlan.seedTable(kernelList)
        : options.selection(kernelList)).withPermissions(hostParanoid, callerCaps).sections();
    int total = sections.stream().mapToInt(List::size).sum();
    Progress progress = new Progress("matrix", total);
    List<List<MatrixRow>> results = new ArrayList<>();
    int done = 0;
    for (List<MatrixCase> section : sections) {
      int before = done;
      results.add(runner.run(section, n -> progress.update(before + n)));
      done += section.size();
    }
    progress.finish();
    List<MatrixRow> all = results.stream().flatMap(List::stream).toList();
    switch (fmt) {
      case JSON -> System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(all.stream().map(r -> json(r, explain)).toList()));
      case CSV -> System.out.print(flat(all, explain).toCsv());
      case MARKDOWN, TABLE -> {
        for (int i = 0; i < results.size(); i++) {
          if (i > 0) {
            System.out.println();
            System.out.println(fmt == Format.MARKDOWN ? "Same host, without busy guests:" : "Without busy guests:");
            System.out.println();
          }
          TextTable t = MatrixTables.pivot(results.get(i), kernelList);
          System.out.print(fmt == Format.MARKDOWN ? t.toMarkdown() : t.toText());
          if (explain) {
            System.out.println();
            System.out.print(ExplanationText.matrixBlocks(results.get(i), fmt == Format.MARKDOWN));
          }
        }
      }
    }
    return 0;
  }

  private static TextTable flat(List<MatrixRow> rows, boolean explain) {
    List<String> header = new ArrayList<>(List.of("perfVersion", "kernel", "cpu", "event", "guests", "outcome",
        "errno", "precisionUsed", "guestsCrashed", "regression", "finalEvent", "reason"));
    if (explain) {
      header.addAll(ExplanationText.CSV_COLUMNS);
    }
    TextTable t = new TextTable(header);
    for (MatrixRow r : rows) {
      List<String> cells = new ArrayList<>(List.of(r.perfVersion(), r.kernel(), r.cpu(), r.event(),
          Integer.toString(r.guests()), r.outcome().word(), r.errno() == null ? "" : r.errno().toString(),
          Integer.toString(r.precisionUsed()), Integer.toString(r.guestsCrashed()), Boolean.toString(r.regression()),
          r.finalEvent(), r.reason()));
      if (explain) {
        cells.addAll(ExplanationText.csvCells(ApiMessages.explanation(r.explanation())));
      }
      t.add(cells);
    }
    return t;
  }

  static Map<String, Object> json(MatrixRow r, boolean explain) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("perfVersion", r.perfVersion());
    m.put("kernel", r.kernel());
    m.put("cpu", r.cpu());
    m.put("event", r.event());
    m.put("guests", r.idleGuests() ? 0 : r.guests());
    m.put("idleGuests", r.idleGuests() ? r.guests() : 0);
    m.put("outcome", r.outcome().word());
    m.put("errno", r.errno());
    m.put("precisionUsed", r.precisionUsed());
    m.put("guestsCrashed", r.guestsCrashed());
    m.put("regression", r.regression());
    m.put("baselineOutcome", r.baselineOutcome().word());
    m.put("finalEvent", r.finalEvent());
    m.put("fallbacks", r.fallbacks());
    m.put("hostSamples", r.hostSamples());
    m.put("guestSamples", r.guestSamples());
    m.put("reason", r.reason());
    if (explain) {
      m.put("explanation", ExplanationText.json(ApiMessages.explanation(r.explanation())));
    }
    return m;
  }

  /** The output formats. */
  enum Format {
    TABLE, MARKDOWN, CSV, JSON;

    static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s)) {
          return f;
        }
      }
      throw new Choices.BadChoice("--format: unknown value '" + s + "' (valid: table, markdown, csv, json)");
    }
  }
}
