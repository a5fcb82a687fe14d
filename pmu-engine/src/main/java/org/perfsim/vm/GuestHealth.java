package org.perfsim.vm;

/** A guest's health as an operator sees it. */
public enum GuestHealth {
  RUNNING, CORRUPTED, PANICKED, REBOOTING, STOPPED;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
