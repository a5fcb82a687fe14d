package org.perfsim.tool;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.perfsim.groundtruth.InstalledPerf;
import org.perfsim.groundtruth.PerfRun;

/**
 * Runs many command lines through the installed perf at once. A successful perf record without
 * {@code --no-bpf-event} waits about a second for its BPF side-band thread, idle time, so the pool
 * is wider than the machine.
 */
final class PerfRuns {

  static final int POOL = 6;

  private PerfRuns() {}

  static Map<List<String>, PerfRun> runAll(Collection<List<String>> argvs) {
    Map<List<String>, PerfRun> runs = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(POOL);
    try {
      List<Future<?>> pending = argvs.stream().distinct()
          .<Future<?>>map(argv -> pool.submit(() -> runs.put(argv, InstalledPerf.run(argv))))
          .toList();
      for (Future<?> run : pending) {
        run.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running perf", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a perf run failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return runs;
  }

}
