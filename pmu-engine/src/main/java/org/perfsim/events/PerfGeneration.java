package org.perfsim.events;

import java.util.Optional;
import org.perfsim.abi.AttrSize;
import org.perfsim.id.Identified;

/**
 * The perf-tool generations perfsim models, each with the attr size its headers had and the rules its
 * event parser follows (tools/perf/util/parse-events.{l,y,c} of that era).
 *
 * <ul>
 *   <li>{@link #V3_6}: the 2012 "old binary". Modifiers {@code u k h G H p} only; a modifier string
 *       recomputes every exclude bit from scratch, {@code p} leaves exclude_guest alone, so
 *       {@code cycles:pp} counts guests. An event with no modifier keeps {@code event_attr_init}'s
 *       exclude_guest=1. No event groups (the 3.6 lexer has no braces).
 *   <li>{@link #V3_7}: commit 1342798cc13e: {@code p} sets exclude_guest unless {@code G}/{@code H}
 *       is given. Event groups {@code {a,b}:mods} exist.
 *   <li>{@link #V6_1}: the installed binary (Debian linux-perf 6.1). Adds {@code P S D I W e b};
 *       {@code u} also sets exclude_guest; duplicate modifiers are rejected; a group modifier resets
 *       the members' {@code S P W b} to its own.
 *   <li>{@link #MODERN}: perf since Namhyung Kim's "Do not set exclude_guest for precise_ip" series:
 *       {@code event_attr_init} no longer sets exclude_guest and neither {@code p} nor {@code u} do
 *       ({@code exclude_GH_default} is false outside {@code perf kvm}).
 * </ul>
 */
public enum PerfGeneration implements Identified {
  V3_6("3.6", AttrSize.VER2, "ukhpGH"),
  V3_7("3.7", AttrSize.VER3, "ukhpGH"),
  V6_1("6.1", AttrSize.VER7, "ukhpPGHSDIWeb"),
  MODERN("modern", AttrSize.VER8, "ukhpPGHSDIWeb");

  private final String id;
  private final AttrSize attrSize;
  private final String modifierLetters;

  PerfGeneration(String id, AttrSize attrSize, String modifierLetters) {
    this.id = id;
    this.attrSize = attrSize;
    this.modifierLetters = modifierLetters;
  }

  @Override
  public String id() {
    return id;
  }

  /** {@code sizeof(struct perf_event_attr)} in the headers this perf was built with. */
  public AttrSize attrSize() {
    return attrSize;
  }

  /** The perf generation named {@code id} by the one rule of {@link Identified#byId}: blanks and case ignored. */
  public static Optional<PerfGeneration> byId(String id) {
    return Identified.byId(values(), id);
  }

  /** The accepted ids, for error messages: {@code 3.6, 3.7, 6.1, modern}. */
  public static String validIds() {
    return Identified.validIds(values());
  }

  /** Whether this perf's lexer accepts {@code letter} as an event modifier. */
  public boolean knowsModifier(char letter) {
    return modifierLetters.indexOf(letter) >= 0;
  }

  /** Every modifier letter this perf knows, in perf's lexer order. */
  public String modifierLetters() {
    return modifierLetters;
  }

  /** {@code p} sets exclude_guest=1 unless {@code G} or {@code H} is given (3.7 and 6.1). */
  public boolean preciseSetsExcludeGuest() {
    return this == V3_7 || this == V6_1;
  }

  /** {@code u} sets exclude_guest=1 unless {@code G} or {@code H} is given (6.1 only). */
  public boolean userSetsExcludeGuest() {
    return this == V6_1;
  }

  /**
   * {@code event_attr_init} starts every event with exclude_guest=1 (all but modern); an event with a
   * modifier string then has its exclude bits recomputed from the modifiers alone.
   */
  public boolean defaultExcludesGuest() {
    return this != MODERN;
  }

  /**
   * The {@code P} fallback: perf record sends precise_ip=3 for {@code P} and lowers it one step per
   * EOPNOTSUPP ({@code evsel__precise_ip_fallback}); {@code p}/{@code pp}/{@code ppp} are never lowered.
   */
  public boolean lowersPreciseMax() {
    return this == V6_1 || this == MODERN;
  }

  /**
   * The exclude_guest fallback ({@code evsel__fallback} on EOPNOTSUPP with neither {@code G} nor
   * {@code H}: set exclude_guest=1, append {@code H} to the name, retry once). Modern perf only.
   */
  public boolean fallsBackToExcludeGuest() {
    return this == MODERN;
  }

  /**
   * The user-only fallback ({@code evsel__fallback} on EACCES/EPERM for an event that does not exclude the
   * kernel, when {@code kernel.perf_event_paranoid} is above 1 and the event does not exclude user: set
   * exclude_kernel=1 and exclude_hv=1, append {@code u} to the name, retry). In the 6.1 binary (its
   * "trying to fall back to excluding kernel and hypervisor  samples" string) and modern perf; the 2012 binaries
   * have no fallbacks.
   */
  public boolean fallsBackToUserOnly() {
    return this == V6_1 || this == MODERN;
  }

  /**
   * A rejected {@code -e} is reported as {@code event syntax error: '...'} with a caret under the bad
   * column (parse_events_error__print, perf 4.0's "perf tools: Add parse_events_error interface" and
   * later). The 2012 binaries print {@code invalid or unsupported event: '...'} for the whole
   * argument and the {@code Run 'perf list'} hint (v3.6: from parse_events itself; the same two
   * lines moved to parse_events_option later).
   */
  public boolean reportsEventErrorsWithCaret() {
    return this == V6_1 || this == MODERN;
  }

  /** {@code {a,b}} groups and group modifiers exist (3.7 on). */
  public boolean supportsGroups() {
    return this != V3_6;
  }

  /**
   * The evsel name is the event text as typed ({@code cycles:pp}); older perf rebuilt it from the attr
   * ({@code cycles:ppH} for a 3.7 {@code cycles:pp}).
   */
  public boolean namesEventsAsTyped() {
    return this == V6_1 || this == MODERN;
  }

  /** A modifier letter other than {@code p} given twice is an error (6.1's check_modifier, modern lexer). */
  public boolean rejectsDuplicateModifiers() {
    return this == V6_1 || this == MODERN;
  }

  /** Longest modifier string the lexer takes as one token (2012: {@code [ukhpGH]{1,8}}). */
  int maxModifierTokenLength() {
    return this == V3_6 || this == V3_7 ? 8 : Integer.MAX_VALUE;
  }

  /** 6.1's group modifier overwrites the members' sample_read, precise_max, weak and bpf flags. */
  boolean groupModifierResetsEventFlags() {
    return this == V6_1;
  }

  /** Modern perf refuses {@code W} outside a group: "Weak modifier is for use with groups". */
  boolean weakModifierNeedsGroup() {
    return this == MODERN;
  }
}
