package org.perfsim.events;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * The evsel name a 2012 perf printed: rebuilt from the attr ({@code perf_evsel__name} with
 * {@code perf_evsel__add_modifiers}), so a 3.7 {@code cycles:pp}, which carries exclude_guest, is
 * reported as {@code cycles:ppH}.
 */
final class LegacyEventName {

  private LegacyEventName() {}

  static String of(PerfEventAttr attr) {
    return base(attr) + modifiers(attr);
  }

  private static String base(PerfEventAttr attr) {
    for (SymbolicEvent symbol : SymbolicEvent.values()) {
      if (!symbol.isTool() && symbol.attrType() == attr.type() && symbol.config() == attr.config()) {
        return symbol.canonicalName();
      }
    }
    return attr.type() == PerfEventAttr.TYPE_RAW ? "raw 0x" + Long.toHexString(attr.config())
        : "unknown attr type: " + attr.type();
  }

  /** perf_evsel__add_modifiers: the contexts counted, then p's, then H/G unless implied. */
  private static String modifiers(PerfEventAttr attr) {
    StringBuilder mods = new StringBuilder();
    boolean excludeGuestDefault = false;
    if (attr.has(AttrFlag.EXCLUDE_KERNEL) || attr.has(AttrFlag.EXCLUDE_USER)
        || attr.has(AttrFlag.EXCLUDE_HV)) {
      appendUnless(mods, attr, AttrFlag.EXCLUDE_KERNEL, 'k');
      appendUnless(mods, attr, AttrFlag.EXCLUDE_USER, 'u');
      appendUnless(mods, attr, AttrFlag.EXCLUDE_HV, 'h');
      excludeGuestDefault = true;
    }
    if (attr.preciseIp() > 0) {
      mods.append("ppp", 0, attr.preciseIp());
      excludeGuestDefault = true;
    }
    if (attr.has(AttrFlag.EXCLUDE_HOST) || attr.has(AttrFlag.EXCLUDE_GUEST) == excludeGuestDefault) {
      appendUnless(mods, attr, AttrFlag.EXCLUDE_HOST, 'H');
      appendUnless(mods, attr, AttrFlag.EXCLUDE_GUEST, 'G');
    }
    return mods.length() == 0 ? "" : ":" + mods;
  }

  private static void appendUnless(StringBuilder mods, PerfEventAttr attr, AttrFlag excluded,
      char letter) {
    if (!attr.has(excluded)) {
      mods.append(letter);
    }
  }
}
