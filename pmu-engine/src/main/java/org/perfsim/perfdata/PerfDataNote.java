package org.perfsim.perfdata;

/** What a perf.data file says about itself beyond perf's own fields: how many samples it holds of how many. */
public final class PerfDataNote {
  private PerfDataNote() {}

  /**
   * The note perfsim adds to the file's command line ({@code perf report --header-only} shows it), e.g.
   * {@code [perfsim: all 1200 samples written; host user 10, ...]} or, bounded, {@code [perfsim: first 100
   * samples per CPU of 5000 written; ...]}.
   */
  public static String of(SampleRecorder samples) {
    String written = samples.bounded()
        ? "first " + samples.maxPerCpu() + " samples per CPU of " + samples.total() + " written"
        : "all " + samples.total() + " samples written";
    long guestUser = 0;
    long guestKernel = 0;
    for (int g = 0; g < samples.guests(); g++) {
      guestUser += samples.total(g, true);
      guestKernel += samples.total(g, false);
    }
    return String.format("[perfsim: %s; host user %d, host kernel %d, guest user %d, guest kernel %d]", written,
        samples.total(SampleRecorder.HOST, true), samples.total(SampleRecorder.HOST, false), guestUser,
        guestKernel);
  }
}
