package org.perfsim.tool;

import java.util.List;
import org.perfsim.events.PerfGeneration;

/**
 * The attrs a perf binary sends for a command line: every event of the list, in perf's order, with
 * the tool's own settings on top of what the event string asked for (sample_type, read_format,
 * period or frequency, disabled/enable_on_exec, inherit, the sideband tracking bits, precise_ip=3
 * for {@code P}), and the tracking dummy perf record adds for CPU-wide sessions.
 *
 * <p>The rules per generation are in {@link RecordAttrs} (6.1, modern), {@link LegacyRecordAttrs}
 * (3.6, 3.7) and {@link StatAttrs}.
 */
public final class AttrBuilder {

  private AttrBuilder() {}

  /** The attrs as sent to a current kernel (whose probes all succeed). */
  public static List<ConfiguredEvent> build(PerfCommand command) {
    return build(command, KernelProbes.CURRENT_KERNEL);
  }

  /** The attrs as sent to a kernel that answered perf's probes with {@code probes}. */
  public static List<ConfiguredEvent> build(PerfCommand command, KernelProbes probes) {
    if (command.verb() == PerfVerb.STAT) {
      return StatAttrs.build(command);
    }
    boolean legacy = command.generation() == PerfGeneration.V3_6
        || command.generation() == PerfGeneration.V3_7;
    return legacy ? LegacyRecordAttrs.build(command) : RecordAttrs.build(command, probes);
  }
}
