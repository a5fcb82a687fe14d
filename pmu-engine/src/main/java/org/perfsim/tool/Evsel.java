package org.perfsim.tool;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;
import org.perfsim.events.ParsedEvent;

/**
 * perf's {@code struct evsel} while the attr builders configure it: the attr under construction and
 * the evsel flags the configuration reads. Mutable, and never leaves the builders.
 */
final class Evsel {
  final int index;
  final int leaderIndex;
  final int groupSize;
  final String name;
  final PerfEventAttr.Builder attr;
  final boolean sampleRead;
  final boolean preciseMax;
  final int parsedPreciseLevel;
  final boolean explicitGuestOrHost;
  /** The event came with a {@code period=} term (a non-zero parsed period without freq). */
  final boolean periodTerm;
  /** The event came with a {@code freq=} term. */
  final boolean freqTerm;
  final long termValue;
  final ConfiguredEvent.Role role;
  boolean tracking;
  /** Enabled at once rather than on exec (the CPU-wide tracking dummy). */
  boolean immediate;
  /** No callchain or branch stack (modern's auxiliary dummy). */
  boolean noAuxSamples;

  private Evsel(int index, int leaderIndex, int groupSize, String name, PerfEventAttr attr,
      boolean sampleRead, boolean preciseMax, int parsedPreciseLevel, boolean explicitGuestOrHost,
      ConfiguredEvent.Role role) {
    this.index = index;
    this.leaderIndex = leaderIndex;
    this.groupSize = groupSize;
    this.name = name;
    this.attr = attr.toBuilder();
    this.sampleRead = sampleRead;
    this.preciseMax = preciseMax;
    this.parsedPreciseLevel = parsedPreciseLevel;
    this.explicitGuestOrHost = explicitGuestOrHost;
    this.periodTerm = attr.samplePeriodOrFreq() != 0 && !attr.has(AttrFlag.FREQ);
    this.freqTerm = attr.samplePeriodOrFreq() != 0 && attr.has(AttrFlag.FREQ);
    this.termValue = attr.samplePeriodOrFreq();
    this.role = role;
  }

  static Evsel of(ParsedEvent event) {
    return new Evsel(event.index(), event.group().leaderIndex(), event.group().size(), event.name(),
        event.attr(), event.modifiers().sampleRead(), event.modifiers().preciseMax(),
        event.modifiers().preciseLevel(), event.modifiers().explicitGuestOrHost(),
        ConfiguredEvent.Role.USER_EVENT);
  }

  /** The tracking dummy perf record appends for CPU-wide sessions. */
  static Evsel dummy(int index, String name, PerfEventAttr attr) {
    return new Evsel(index, index, 1, name, attr, false, false, 0, false,
        ConfiguredEvent.Role.TRACKING_DUMMY);
  }

  boolean leader() {
    return leaderIndex == index;
  }

  boolean has(AttrFlag flag) {
    return attr.has(flag);
  }

  void set(AttrFlag flag, boolean on) {
    attr.flag(flag, on);
  }

  void sample(SampleType bit) {
    attr.sampleType(bit, true);
  }

  void unsample(SampleType bit) {
    attr.sampleType(bit, false);
  }

  void read(ReadFormat bit) {
    attr.readFormat(bit, true);
  }

  long sampleType() {
    return attr.build().sampleType();
  }

  /** evsel__set_sample_id: IDENTIFIER (or ID where the kernel lacks it) and an ID in reads. */
  void setSampleId(boolean identifier) {
    if (identifier) {
      unsample(SampleType.ID);
      sample(SampleType.IDENTIFIER);
    } else {
      sample(SampleType.ID);
    }
    read(ReadFormat.ID);
  }

  ConfiguredEvent configured() {
    return new ConfiguredEvent(index, name, attr.build(), leaderIndex, preciseMax,
        explicitGuestOrHost, role);
  }
}
