package org.perfsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.perfdata.PerfDataReader;

/** {@code run --perf-data DIR}: each host's perf.data file written as DIR/HOST.perf.data on the client. */
final class PerfDataFiles {
  private PerfDataFiles() {}

  /** DIR exists (created if missing) and is a directory, before the session starts. */
  static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new Choices.BadChoice("--perf-data: cannot use " + dir + " as a directory: " + e.getMessage());
    }
  }

  /** Writes every file the hosts returned and says where, and how many samples each holds. */
  static void write(Path dir, List<HostSessionResult> results, PrintStream out) {
    // in host order, not in the order the hosts finished
    List<HostSessionResult> byHost = results.stream()
        .sorted(java.util.Comparator.comparing(HostSessionResult::getHostId)).toList();
    for (HostSessionResult r : byHost) {
      if (r.getPerfData().isEmpty()) {
        out.println("perf.data: " + r.getHostId() + ": none (perf wrote no samples file: "
            + (r.getNodeError().isEmpty() ? r.getPerfMessage().lines().findFirst().orElse("") : r.getNodeError())
            + ")");
        continue;
      }
      // a host id is the server's word: keep it inside DIR whatever it holds
      Path file = dir.resolve(r.getHostId().replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_") + ".perf.data");
      byte[] bytes = r.getPerfData().toByteArray();
      try {
        Files.write(file, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      out.println("perf.data: " + file + " (" + bytes.length + " bytes; "
          + PerfDataReader.note(bytes).orElse("?") + ")");
    }
  }
}
