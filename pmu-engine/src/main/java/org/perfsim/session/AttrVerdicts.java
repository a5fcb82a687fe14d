package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.abi.Errno;
import org.perfsim.cpu.CpuModel;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.IntelVmEntry;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.OpenResult;

/**
 * What each kernel policy on each CPU model answers to one attr as perf record -a opens it (root, pid -1, CPU 0,
 * PERF_FLAG_FD_CLOEXEC), and whether guests of that host would be hurt: the verdicts a user gets for the attr
 * their real perf printed.
 */
public final class AttrVerdicts {
  /** perf_event_open's flags as perf passes them. */
  private static final long FD_CLOEXEC = 0x8;
  private static final int ONLINE_CPUS = 4;

  /** What a host's guests risk from the event. */
  public enum Guests {
    /** The kernel refused the attr: nothing runs. */
    NOT_OPENED("-"),
    SAFE("safe"),
    /** PEBS stays on in guest mode and the assist writes records through the host's DS address into guests. */
    HURT("hurt: PEBS records land in guest memory"),
    /** The 2026 policies: perf's NMI throttle can race KVM's VM-entry MSR list; only a session tells. */
    AT_RISK("at risk: perf's throttle can race the VM-entry MSR list (run a session)");

    private final String text;

    Guests(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * One kernel's answer on one CPU: the errno and its reason, or the precise level accepted, whether the event
   * counts in guest mode and uses PEBS; and what guests risk.
   */
  public record Verdict(KernelPolicy kernel, CpuModel cpu, Optional<Errno> errno, String reason, int precise,
      boolean countsGuest, boolean usesPebs, Guests guests) {}

  private AttrVerdicts() {}

  /** Every kernel policy's verdict on each of {@code cpus}, kernels in their order, then CPUs. */
  public static List<Verdict> of(byte[] attr, List<CpuModel> cpus) {
    List<Verdict> out = new ArrayList<>();
    for (KernelPolicy kernel : KernelPolicy.builtIns()) {
      for (CpuModel cpu : cpus) {
        out.add(of(attr, kernel, cpu));
      }
    }
    return out;
  }

  /** The race needs IA32_PEBS_ENABLE in the VM-entry list; the 2026 fix never switches it on isolated CPUs. */
  private static boolean switchesPebsEnable(KernelPolicy kernel, CpuModel cpu) {
    return !(kernel.intelVmEntry() == IntelVmEntry.MASK_NEVER_PEBS_ENABLE_WHEN_ISOLATED
        && cpu.pebsIsolation().isolated());
  }

  public static Verdict of(byte[] attr, KernelPolicy kernel, CpuModel cpu) {
    OpenResult result = Kernel.root(kernel, cpu, ONLINE_CPUS).perfEventOpen(attr, -1, 0, -1, FD_CLOEXEC);
    if (result instanceof OpenResult.Failed failed) {
      return new Verdict(kernel, cpu, Optional.of(failed.errno()), failed.reason(), 0, false, false,
          Guests.NOT_OPENED);
    }
    var event = ((OpenResult.Opened) result).event();
    Guests guests = Guests.SAFE;
    if (event.usesPebs() && event.countsGuest() && kernel.pebsLeftEnabledAtVmEntry(cpu)) {
      guests = Guests.HURT;
    } else if (event.usesPebs() && kernel.modelsThrottleRace() && switchesPebsEnable(kernel, cpu)) {
      guests = Guests.AT_RISK;
    }
    return new Verdict(kernel, cpu, Optional.empty(), event.policyNote(), event.preciseIp(), event.countsGuest(),
        event.usesPebs(), guests);
  }
}
