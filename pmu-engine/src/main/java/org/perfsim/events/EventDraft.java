package org.perfsim.events;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * One event while the parser builds it: perf's evsel, i.e. the attr plus the evsel flags that are
 * not attr bits. Mutable by design and confined to one parse.
 */
final class EventDraft {

  final PerfEventAttr.Builder attr;
  String name;
  /** evsel->exclude_GH: the modifiers named G or H, so perf keeps its hands off exclude_guest. */
  boolean excludeGuestOrHostGiven;
  boolean preciseMax;
  boolean sampleRead;
  boolean weakGroup;
  boolean bpfCounter;
  boolean explicitGuest;
  boolean explicitHost;
  String eventModifiers = "";
  String groupModifiers = "";
  EventGroup group;

  /** perf's {@code event_attr_init}: every event starts host-only except in modern perf. */
  EventDraft(PerfEventAttr.Builder attr, PerfGeneration generation) {
    this.attr = attr;
    if (generation.defaultExcludesGuest()) {
      attr.flag(AttrFlag.EXCLUDE_GUEST, true);
    }
  }

  void nameIfUnset(String eventName) {
    if (name == null) {
      name = eventName;
    }
  }

  boolean isLeader(int index) {
    return group == null || group.leaderIndex() == index;
  }

  int flagBit(AttrFlag flag) {
    return attr.has(flag) ? 1 : 0;
  }

  int preciseIp() {
    return attr.build().preciseIp();
  }
}
