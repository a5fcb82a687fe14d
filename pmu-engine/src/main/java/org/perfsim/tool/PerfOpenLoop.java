package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.OpenResult;
import org.perfsim.kernel.PerfEventOpenSyscall;
import org.perfsim.kernel.PerfPermissions;

/**
 * perf's open sequence for one event on a list of CPUs (evsel__open_cpu and its callers), with each
 * generation's fallbacks: 6.1 and modern clear attr features an older kernel rejects (EINVAL, as
 * evsel__detect_missing_features does) and lower {@code P}'s precise_ip one step per EOPNOTSUPP; modern
 * then retries once with exclude_guest (evsel__fallback). 6.1 and modern retry an EACCES without the kernel
 * ({@code :u}) when perf_event_paranoid is above 1 (evsel__fallback). The 2012 binaries have no fallbacks.
 */
public final class PerfOpenLoop {

  /** Features perf switches off on EINVAL, newest first, as its missing-feature detection does. */
  private static final List<AttrFlag> MISSING_FEATURE_FLAGS = List.of(AttrFlag.BPF_EVENT, AttrFlag.KSYMBOL,
      AttrFlag.CGROUP, AttrFlag.NAMESPACES, AttrFlag.CONTEXT_SWITCH, AttrFlag.USE_CLOCKID,
      AttrFlag.COMM_EXEC, AttrFlag.MMAP2);

  /**
   * @param event the event as finally sent (renamed by a fallback, e.g. {@code cycles:ppH})
   * @param opened one per CPU when the open succeeded, empty otherwise
   * @param errno the errno perf gave up on
   * @param messages what perf printed on the way (fallback notes), in order
   * @param errorText perf's error text on failure, empty on success
   * @param refusal the kernel's answer to the last attempt when perf gave up (its rule and reason)
   */
  public record Result(ConfiguredEvent event, List<OpenResult.Opened> opened, Optional<Errno> errno,
      List<String> messages, String errorText, int attempts, Optional<OpenResult.Failed> refusal) {

    public boolean succeeded() {
      return errno.isEmpty();
    }

    /** The precise level the kernel accepted (0 when not precise or not opened). */
    public int preciseUsed() {
      return opened.isEmpty() ? 0 : opened.get(0).event().preciseIp();
    }
  }

  private PerfOpenLoop() {}

  /** Opens {@code event} on each of {@code cpus} for {@code pid} (-1 = every task) as root. */
  public static Result open(ConfiguredEvent event, PerfGeneration generation, PerfEventOpenSyscall syscall,
      List<Integer> cpus, int pid) {
    return open(event, generation, syscall, cpus, pid, PerfPermissions.DEFAULT_PARANOID);
  }

  /**
   * Opens {@code event} on each of {@code cpus} for {@code pid} (-1 = every task) on a machine whose
   * {@code /proc/sys/kernel/perf_event_paranoid} reads {@code perfEventParanoid} (its fallback and its
   * permission advice depend on it).
   */
  public static Result open(ConfiguredEvent event, PerfGeneration generation, PerfEventOpenSyscall syscall,
      List<Integer> cpus, int pid, int perfEventParanoid) {
    List<String> messages = new ArrayList<>();
    ConfiguredEvent current = event;
    boolean excludeGuestTried = false;
    int attempts = 0;
    int originalPrecise = event.attr().preciseIp();
    while (true) {
      attempts++;
      Attempt attempt = tryAllCpus(current.attr(), syscall, cpus, pid, generation);
      if (attempt.failure == null) {
        return new Result(current, attempt.opened, Optional.empty(), messages, "", attempts, Optional.empty());
      }
      Errno errno = attempt.failure.errno();
      PerfEventAttr attr = current.attr();
      Optional<PerfEventAttr> withoutFeature = errno == Errno.EINVAL && generation.ordinal() >= PerfGeneration.V6_1.ordinal()
          ? switchOffNewestFeature(attr, messages) : Optional.empty();
      if (withoutFeature.isPresent()) {
        current = current.withAttr(withoutFeature.get());
        continue;
      }
      if (errno == Errno.EOPNOTSUPP && generation.lowersPreciseMax() && current.preciseMax() && attr.preciseIp() > 0) {
        // evsel__precise_ip_fallback decrements first, then prints the value it will try next
        int lowered = attr.preciseIp() - 1;
        messages.add("decreasing precise_ip by one (" + lowered + ")");
        current = current.withAttr(attr.withPreciseIp(lowered));
        continue;
      }
      if (current.preciseMax() && attr.preciseIp() != originalPrecise) {
        current = current.withAttr(attr.withPreciseIp(originalPrecise)); // perf restores it when it gives up
        attr = current.attr();
      }
      if (errno == Errno.EACCES && generation.fallsBackToUserOnly() && !attr.has(AttrFlag.EXCLUDE_KERNEL)
          && !attr.has(AttrFlag.EXCLUDE_USER) && perfEventParanoid > 1) {
        // evsel__fallback's words, its double space included (checked against the 6.1 binary)
        messages.add("kernel.perf_event_paranoid=" + perfEventParanoid
            + ", trying to fall back to excluding kernel and hypervisor  samples");
        current = current.withAttr(attr.with(AttrFlag.EXCLUDE_KERNEL, true).with(AttrFlag.EXCLUDE_HV, true))
            .withName(withModifier(current.name(), 'u'));
        continue;
      }
      if (errno == Errno.EOPNOTSUPP && generation.fallsBackToExcludeGuest() && !excludeGuestTried
          && !attr.has(AttrFlag.EXCLUDE_GUEST) && !current.explicitGuestOrHost()) {
        excludeGuestTried = true;
        messages.add("Trying to fall back to excluding guest samples");
        current = current.withAttr(attr.with(AttrFlag.EXCLUDE_GUEST, true)).withName(withModifier(current.name(), 'H'));
        continue;
      }
      return new Result(current, List.of(), Optional.of(errno), messages,
          OpenErrorText.of(generation, errno, current, perfEventParanoid), attempts, Optional.of(attempt.failure));
    }
  }

  /**
   * evsel__fallback's renaming: no {@code :} when the name has one already or contains a {@code /}
   * ({@code cycles:pp} + H = {@code cycles:ppH}, {@code cpu/event=0x3c/pp} + H =
   * {@code cpu/event=0x3c/ppH}); otherwise {@code cycles} + H = {@code cycles:H}.
   */
  static String withModifier(String name, char modifier) {
    return name.contains(":") || name.contains("/") ? name + modifier : name + ":" + modifier;
  }

  private static Optional<PerfEventAttr> switchOffNewestFeature(PerfEventAttr attr, List<String> messages) {
    if ((attr.readFormat() & ReadFormat.LOST.mask()) != 0) {
      messages.add("switching off PERF_FORMAT_LOST support");
      return Optional.of(attr.toBuilder().readFormat(ReadFormat.LOST, false).build());
    }
    for (AttrFlag flag : MISSING_FEATURE_FLAGS) {
      if (attr.has(flag)) {
        messages.add("switching off " + flag.fieldName());
        return Optional.of(attr.with(flag, false));
      }
    }
    return Optional.empty();
  }

  private record Attempt(List<OpenResult.Opened> opened, OpenResult.Failed failure) {}

  private static Attempt tryAllCpus(PerfEventAttr attr, PerfEventOpenSyscall syscall, List<Integer> cpus,
      int pid, PerfGeneration generation) {
    byte[] bytes = AttrCodec.encode(attr);
    long flags = generation.ordinal() >= PerfGeneration.V6_1.ordinal() ? PerfEventOpenSyscall.PERF_FLAG_FD_CLOEXEC : 0;
    List<OpenResult.Opened> opened = new ArrayList<>();
    for (int cpu : cpus) {
      OpenResult r = syscall.perfEventOpen(bytes, pid, cpu, -1, flags);
      if (r instanceof OpenResult.Failed f) {
        return new Attempt(List.of(), f);
      }
      opened.add((OpenResult.Opened) r);
    }
    return new Attempt(List.copyOf(opened), null);
  }
}
