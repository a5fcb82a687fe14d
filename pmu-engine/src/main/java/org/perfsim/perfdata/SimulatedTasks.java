package org.perfsim.perfdata;

/**
 * The host's tasks as a perf.data file names them: one host task thread per pCPU (process {@link #HOST_PID},
 * comm {@value #HOST_COMM}) and, for each guest, a QEMU-like process whose vCPU thread on pCPU {@code p} takes
 * that pCPU's guest samples (the kernel reports the task that ran: the vCPU thread, in guest mode). Ids are
 * synthetic but stable, so two files of the same session compare equal.
 */
public final class SimulatedTasks {
  public static final int HOST_PID = 1000;
  public static final String HOST_COMM = "host-task";
  private static final int FIRST_GUEST_PID = 10_000;

  /** Where samples point, per mode: inside the maps the file announces, stable across sessions. */
  static final long HOST_KERNEL_IP = 0xffffffff8100a000L;
  static final long HOST_USER_IP = 0x4a2000L;
  static final long GUEST_KERNEL_IP = 0xffffffff81042000L;
  static final long GUEST_USER_IP = 0x412000L;
  /** The host kernel's text as perf record announces it ([kernel.kallsyms]_text; _text at its start). */
  static final long KERNEL_TEXT = 0xffffffff81000000L;
  static final long KERNEL_TEXT_LENGTH = 0x1000000L;
  /** The user-mode text of host tasks and of QEMU. */
  static final long USER_TEXT = 0x400000L;
  static final long USER_TEXT_LENGTH = 0x100000L;
  static final String HOST_TASK_FILE = "/usr/libexec/perfsim/host-task";
  static final String QEMU_FILE = "/usr/bin/qemu-system-x86_64";

  private final int cpus;

  public SimulatedTasks(int cpus) {
    this.cpus = cpus;
  }

  public int hostTid(int cpu) {
    return HOST_PID + 1 + cpu;
  }

  public int guestPid(int guest) {
    return FIRST_GUEST_PID + guest * (cpus + 1);
  }

  /** Guest {@code guest}'s vCPU thread on pCPU {@code cpu}. */
  public int guestTid(int guest, int cpu) {
    return guestPid(guest) + 1 + cpu;
  }

  public static String guestComm(int guest) {
    return "guest-" + guest;
  }

  public int pid(int context) {
    return context == SampleRecorder.HOST ? HOST_PID : guestPid(context);
  }

  public int tid(int context, int cpu) {
    return context == SampleRecorder.HOST ? hostTid(cpu) : guestTid(context, cpu);
  }

  /** The comm perf shows for a sample taken in {@code context}. */
  public static String comm(int context) {
    return context == SampleRecorder.HOST ? HOST_COMM : guestComm(context);
  }
}
