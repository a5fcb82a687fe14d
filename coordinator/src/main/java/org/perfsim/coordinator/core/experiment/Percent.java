package org.perfsim.coordinator.core.experiment;

/** How the experiment files and journal write a share: {@code 99%}, {@code 12.5%}. */
final class Percent {
  private Percent() {}

  static String text(double percent) {
    return (percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)) + "%";
  }

  /** {@code part} of {@code whole} in percent (100 for an empty whole: nothing is missing). */
  static double of(int part, int whole) {
    return whole == 0 ? 100 : 100.0 * part / whole;
  }
}
