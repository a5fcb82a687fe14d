package org.perfsim.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.MatrixRow;

/** The matrix as people read it: one row per perf binary and event, one column per kernel policy. */
final class MatrixTables {
  private MatrixTables() {}

  static TextTable pivot(List<MatrixRow> rows, List<KernelPolicy> kernels) {
    boolean cpuColumn = rows.stream().map(MatrixRow::cpu).distinct().count() > 1;
    boolean guestsColumn = rows.stream().map(MatrixTables::guests).distinct().count() > 1;
    List<String> header = new ArrayList<>(List.of("perf", "event"));
    if (cpuColumn) {
      header.add("cpu");
    }
    if (guestsColumn) {
      header.add("guests");
    }
    kernels.forEach(k -> header.add(k.id()));
    Map<List<String>, Map<String, String>> byKey = new LinkedHashMap<>();
    for (MatrixRow r : rows) {
      List<String> key = new ArrayList<>(List.of(r.perfVersion(), "`" + r.event() + "`"));
      if (cpuColumn) {
        key.add(r.cpu());
      }
      if (guestsColumn) {
        key.add(guests(r));
      }
      byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.kernel(), r.annotatedOutcome());
    }
    TextTable t = new TextTable(header);
    byKey.forEach((key, cells) -> {
      List<String> row = new ArrayList<>(key);
      kernels.forEach(k -> row.add(cells.getOrDefault(k.id(), "")));
      t.add(row);
    });
    return t;
  }

  /** {@code 4}, or {@code 4 idle}. */
  static String guests(MatrixRow r) {
    return r.idleGuests() && r.guests() > 0 ? r.guests() + " idle" : Integer.toString(r.guests());
  }
}
