package org.perfsim.pmu;

/** The privilege level the CPU runs at; EVTSEL.OS counts at ring 0, EVTSEL.USR at rings above 0. */
public enum Ring {
  KERNEL(0),
  USER(3);

  private final int cpl;

  Ring(int cpl) {
    this.cpl = cpl;
  }

  /** The current privilege level (CPL) number. */
  public int cpl() {
    return cpl;
  }
}
