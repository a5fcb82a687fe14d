package org.perfsim.tool;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.SampleType;
import org.perfsim.events.PerfGeneration;

/**
 * What perf record writes to stderr when it gives up opening an event, as each generation words it
 * (trailing newlines dropped; the 2012 binary's blank line on stdout is not stderr and not kept).
 *
 * <ul>
 *   <li>3.6: {@code perf_record__open} of tools/perf/builtin-record.c (v3.6): EPERM/EACCES print
 *       {@code ui__error_paranoid}'s advice, ENOENT {@code The %s event is not supported.}; anything
 *       else {@code error("sys_perf_event_open() syscall returned with %d (%s).  /bin/dmesg may
 *       provide ...")} and then {@code die()} with the APIC hint for a hardware event's EOPNOTSUPP or
 *       {@code No CONFIG_PERF_EVENTS=y kernel support configured?} (usage.c's {@code report} puts
 *       {@code "  Error: "}/{@code "  Fatal: "} in front; ui/util.c's stdio {@code ui__error} puts
 *       {@code "Error:\n"}).
 *   <li>3.7, 6.1, modern: {@code evsel__open_strerror} (tools/perf/util/evsel.c, checked against the
 *       strings of the installed 6.1 binary) behind {@code ui__error}'s {@code "Error:\n"}: for
 *       EOPNOTSUPP the first of branch-stack sampling, aux_output, a sampling event (every perf
 *       record event: {@code %s: PMU Hardware doesn't support sampling/overflow-interrupts. Try 'perf
 *       stat'}), precise_ip, a hardware event; otherwise the generic text. perf 3.7's own
 *       builtin-record.c was not found in any stored tree, so it gets 6.1's wording (docs/SOURCES.md).
 * </ul>
 * EACCES (perf_event_paranoid refused the open): 3.6 and 3.7 print {@code ui__error_paranoid}'s advice (3.7's
 * own builtin-record.c is not stored; its EACCES advice is assumed to be 3.6's, which it still called); 6.1 and
 * modern print evsel__open_strerror's "Access to performance monitoring and observability operations is
 * limited." paragraph with the machine's setting (checked byte for byte against the installed 6.1 binary run
 * without capabilities; no SELinux paragraph: simulated hosts do not enforce SELinux). Not modelled: EPERM's
 * variant and 6.1's other per-errno hints (the generic text is printed instead).
 */
final class OpenErrorText {

  private static final String APIC_HINT = "No hardware sampling interrupt available. No APIC? If so then you can"
      + " boot the kernel with the \"lapic\" boot parameter to force-enable it.";
  private static final String PARANOID_2012 = "Permission error - are you root?\n"
      + "Consider tweaking /proc/sys/kernel/perf_event_paranoid:\n"
      + " -1 - Not paranoid at all\n"
      + "  0 - Disallow raw tracepoint access for unpriv\n"
      + "  1 - Disallow cpu events for unpriv\n"
      + "  2 - Disallow kernel profiling for unpriv";

  private OpenErrorText() {}

  static String of(PerfGeneration generation, Errno errno, ConfiguredEvent event, int perfEventParanoid) {
    if (errno == Errno.EACCES) {
      return generation == PerfGeneration.V3_6 || generation == PerfGeneration.V3_7
          ? "Error:\n" + PARANOID_2012 : "Error:\n" + paranoidAdvice(perfEventParanoid);
    }
    return generation == PerfGeneration.V3_6 ? perf2012(errno, event) : evselOpenStrerror(errno, event);
  }

  /** evsel__open_strerror's EACCES/EPERM text (tools/perf/util/evsel.c, 5.9 onwards), without SELinux. */
  static String paranoidAdvice(int perfEventParanoid) {
    return "Access to performance monitoring and observability operations is limited.\n"
        + "Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open\n"
        + "access to performance monitoring and observability operations for processes\n"
        + "without CAP_PERFMON, CAP_SYS_PTRACE or CAP_SYS_ADMIN Linux capability.\n"
        + "More information can be found at 'Perf events and tool security' document:\n"
        + "https://www.kernel.org/doc/html/latest/admin-guide/perf-security.html\n"
        + "perf_event_paranoid setting is " + perfEventParanoid + ":\n"
        + "  -1: Allow use of (almost) all events by all users\n"
        + "      Ignore mlock limit after perf_event_mlock_kb without CAP_IPC_LOCK\n"
        + ">= 0: Disallow raw and ftrace function tracepoint access\n"
        + ">= 1: Disallow CPU event access\n"
        + ">= 2: Disallow kernel profiling\n"
        + "To make the adjusted perf_event_paranoid setting permanent preserve it\n"
        + "in /etc/sysctl.conf (e.g. kernel.perf_event_paranoid = <setting>)";
  }

  private static String perf2012(Errno errno, ConfiguredEvent event) {
    if (errno == Errno.EPERM || errno == Errno.EACCES) {
      return "Error:\n" + PARANOID_2012;
    }
    if (errno == Errno.ENOENT) {
      return "Error:\nThe " + event.name() + " event is not supported.";
    }
    String error = "  Error: sys_perf_event_open() syscall returned with " + errno.number() + " ("
        + errno.message() + ").  /bin/dmesg may provide additional information.\n\n";
    boolean noSamplingInterrupt = event.attr().type() == PerfEventAttr.TYPE_HARDWARE
        && errno == Errno.EOPNOTSUPP;
    return error + "  Fatal: " + (noSamplingInterrupt ? APIC_HINT
        : "No CONFIG_PERF_EVENTS=y kernel support configured?");
  }

  private static String evselOpenStrerror(Errno errno, ConfiguredEvent event) {
    PerfEventAttr attr = event.attr();
    if (errno == Errno.EOPNOTSUPP) {
      if ((attr.sampleType() & SampleType.BRANCH_STACK.mask()) != 0) {
        return "Error:\n" + event.name()
            + ": PMU Hardware or event type doesn't support branch stack sampling.";
      }
      if (attr.has(AttrFlag.AUX_OUTPUT)) {
        return "Error:\n" + event.name() + ": PMU Hardware doesn't support 'aux_output' feature";
      }
      if (attr.samplePeriodOrFreq() != 0) {
        return "Error:\n" + event.name()
            + ": PMU Hardware doesn't support sampling/overflow-interrupts. Try 'perf stat'";
      }
      if (attr.preciseIp() > 0) {
        return "Error:\n'precise' request may not be supported. Try removing 'p' modifier.";
      }
      if (attr.type() == PerfEventAttr.TYPE_HARDWARE) {
        return "Error:\nNo hardware sampling interrupt available.";
      }
    }
    return "Error:\nThe sys_perf_event_open() syscall returned with " + errno.number() + " ("
        + errno.message() + ") for event (" + event.name() + ").\n"
        + "/bin/dmesg | grep -i perf may provide additional information.";
  }
}
