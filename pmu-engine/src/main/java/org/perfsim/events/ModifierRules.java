package org.perfsim.events;

import java.util.List;
import java.util.Optional;
import org.perfsim.abi.AttrFlag;

/**
 * What each generation's perf does with a modifier string: 2012 {@code parse_events_modifier} and
 * {@code get_event_modifier} (3.6, 3.7), 6.1's {@code get_event_modifier} +
 * {@code parse_events__modifier_event} (event modifiers recompute every exclude bit from zero, group
 * modifiers start from each member's attr), and modern {@code parse_events__modifier_list}.
 */
final class ModifierRules {

  /** 6.1's check_modifier: at most this many letters ({@code "ukhGHpppPSDIWeb"}). */
  private static final int MAX_LENGTH_6_1 = 15;
  private static final String BAD_MODIFIER = "Bad modifier";

  private ModifierRules() {}

  static Optional<EventSyntaxError> applyToEvent(
      PerfGeneration generation, EventDraft event, int index, Token modifier, String input) {
    String text = modifier.text();
    Optional<EventSyntaxError> lexerError = modernLexerCheck(generation, text, modifier, input);
    if (lexerError.isPresent()) {
      return lexerError;
    }
    if (generation.weakModifierNeedsGroup() && text.indexOf('W') >= 0) {
      return error(input, modifier.first(), "Weak modifier is for use with groups");
    }
    if (generation == PerfGeneration.V6_1 && !passesCheckModifier(text)) {
      return error(input, modifier.first(), BAD_MODIFIER);
    }
    event.eventModifiers = text;
    if (generation == PerfGeneration.MODERN) {
      return applyModern(event, index, false, text, modifier, input);
    }
    Reading reading = Reading.start(generation, null).read(text);
    if (reading.precise > 3) {
      return error(input, modifier.first(), BAD_MODIFIER);
    }
    reading.assign(generation, event, event.isLeader(index));
    return Optional.empty();
  }

  static Optional<EventSyntaxError> applyToGroup(PerfGeneration generation,
      List<EventDraft> members, int leaderIndex, Token modifier, String input) {
    String text = modifier.text();
    Optional<EventSyntaxError> lexerError = modernLexerCheck(generation, text, modifier, input);
    if (lexerError.isPresent()) {
      return lexerError;
    }
    if (generation == PerfGeneration.V6_1 && !passesCheckModifier(text)) {
      return error(input, modifier.first(), BAD_MODIFIER);
    }
    for (int i = 0; i < members.size(); i++) {
      EventDraft member = members.get(i);
      member.groupModifiers = text;
      boolean leader = i == 0;
      if (generation == PerfGeneration.MODERN) {
        Optional<EventSyntaxError> failed =
            applyModern(member, leaderIndex + i, true, text, modifier, input);
        if (failed.isPresent()) {
          return failed;
        }
        continue;
      }
      Reading reading = Reading.start(generation, member).read(text);
      if (reading.precise > 3) {
        return error(input, modifier.first(), BAD_MODIFIER);
      }
      reading.assign(generation, member, leader);
    }
    return Optional.empty();
  }

  /** 6.1's check_modifier: not too long, and no letter but {@code p} twice. */
  private static boolean passesCheckModifier(String text) {
    if (text.length() > MAX_LENGTH_6_1) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != 'p' && text.indexOf(c, i + 1) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The modern lexer rejects a repeated letter and a fourth {@code p} at that letter. */
  private static Optional<EventSyntaxError> modernLexerCheck(
      PerfGeneration generation, String text, Token modifier, String input) {
    if (generation != PerfGeneration.MODERN) {
      return Optional.empty();
    }
    int precise = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 'p') {
        if (++precise > 3) {
          return error(input, modifier.first() + i, "Maximum precise value is 3");
        }
      } else if (text.indexOf(c) < i) {
        return error(input, modifier.first() + i,
            "Duplicate modifier '" + c + "' (" + modernFieldName(c) + ")");
      }
    }
    return Optional.empty();
  }

  private static String modernFieldName(char c) {
    switch (c) {
      case 'u': return "user";
      case 'k': return "kernel";
      case 'h': return "hypervisor";
      case 'I': return "non_idle";
      case 'G': return "guest";
      case 'H': return "host";
      case 'P': return "precise_max";
      case 'S': return "sample_read";
      case 'D': return "pinned";
      case 'W': return "weak";
      case 'e': return "exclusive";
      default: return "bpf";
    }
  }

  /** Modern parse_events__modifier_list: excludes from zero (event) or the attr (group), no guesses. */
  private static Optional<EventSyntaxError> applyModern(EventDraft event, int index, boolean group,
      String text, Token modifier, String input) {
    Reading reading = Reading.start(PerfGeneration.MODERN, group ? event : null);
    reading.excludeGuestOrHost = reading.eG == 1 || reading.eH == 1;
    int startPrecise = reading.precise;
    reading.precise = 0;
    reading.read(text);
    if (reading.precise > 0) {
      int combined = startPrecise + reading.precise;
      if (combined > 3) {
        return error(input, modifier.first(),
            "Maximum combined precise value is 3, adding precision to \"" + event.name + "\"");
      }
      event.attr.preciseIp(combined);
    }
    reading.assignExcludes(event);
    event.preciseMax |= reading.preciseMax;
    event.sampleRead |= reading.sampleRead;
    event.weakGroup |= reading.weak;
    event.bpfCounter |= reading.bpf;
    if (reading.excludeIdle == 1) {
      event.attr.flag(AttrFlag.EXCLUDE_IDLE, true);
    }
    if (event.isLeader(index)) {
      event.attr.flag(AttrFlag.PINNED, event.attr.has(AttrFlag.PINNED) || reading.pinned);
      event.attr.flag(AttrFlag.EXCLUSIVE, event.attr.has(AttrFlag.EXCLUSIVE) || reading.exclusive);
    }
    return Optional.empty();
  }

  private static Optional<EventSyntaxError> error(String input, int position, String message) {
    return Optional.of(new EventSyntaxError(input, position, message));
  }

  /** perf's struct event_modifier while get_event_modifier walks the letters. */
  private static final class Reading {
    private final PerfGeneration generation;
    int eu;
    int ek;
    int eh;
    int eH;
    int eG;
    int excludeIdle;
    int precise;
    boolean excludeGuestOrHost;
    boolean preciseMax;
    boolean sampleRead;
    boolean pinned;
    boolean exclusive;
    boolean weak;
    boolean bpf;
    boolean guest;
    boolean host;

    private Reading(PerfGeneration generation) {
      this.generation = generation;
    }

    /** Zero for an event modifier; the member's current state for a group modifier. */
    static Reading start(PerfGeneration generation, EventDraft from) {
      Reading r = new Reading(generation);
      if (from != null) {
        r.eu = from.flagBit(AttrFlag.EXCLUDE_USER);
        r.ek = from.flagBit(AttrFlag.EXCLUDE_KERNEL);
        r.eh = from.flagBit(AttrFlag.EXCLUDE_HV);
        r.eH = from.flagBit(AttrFlag.EXCLUDE_HOST);
        r.eG = from.flagBit(AttrFlag.EXCLUDE_GUEST);
        r.excludeIdle = from.flagBit(AttrFlag.EXCLUDE_IDLE);
        r.precise = from.preciseIp();
        r.pinned = from.attr.has(AttrFlag.PINNED);
        r.exclusive = from.attr.has(AttrFlag.EXCLUSIVE);
        r.excludeGuestOrHost = from.excludeGuestOrHostGiven;
      }
      return r;
    }

    Reading read(String text) {
      boolean exclude = (eu | ek | eh) != 0;
      for (char c : text.toCharArray()) {
        switch (c) {
          case 'u': case 'k': case 'h':
            if (!exclude) {
              exclude = true;
              eu = ek = eh = 1;
            }
            if (c == 'u') {
              eu = 0;
              if (generation.userSetsExcludeGuest() && !excludeGuestOrHost) {
                eG = 1;
              }
            }
            ek = c == 'k' ? 0 : ek;
            eh = c == 'h' ? 0 : eh;
            break;
          case 'G': case 'H':
            if (!excludeGuestOrHost) {
              excludeGuestOrHost = true;
              eG = eH = 1;
            }
            eG = c == 'G' ? 0 : eG;
            eH = c == 'H' ? 0 : eH;
            guest |= c == 'G';
            host |= c == 'H';
            break;
          case 'p':
            precise++;
            if (generation.preciseSetsExcludeGuest() && !excludeGuestOrHost) {
              eG = 1;
            }
            break;
          case 'I': excludeIdle = 1; break;
          case 'P': preciseMax = true; break;
          case 'S': sampleRead = true; break;
          case 'D': pinned = true; break;
          case 'e': exclusive = true; break;
          case 'W': weak = true; break;
          default: bpf = true; break;
        }
      }
      return this;
    }

    /** 6.1/2012 assignment: everything the reading holds replaces the evsel's state. */
    void assign(PerfGeneration gen, EventDraft event, boolean leader) {
      assignExcludes(event);
      event.attr.preciseIp(precise);
      if (gen.knowsModifier('I')) {
        event.attr.flag(AttrFlag.EXCLUDE_IDLE, excludeIdle == 1);
        event.sampleRead = sampleRead;
        event.preciseMax = preciseMax;
        event.weakGroup = weak;
        event.bpfCounter = bpf;
        if (leader) {
          event.attr.flag(AttrFlag.PINNED, pinned);
          event.attr.flag(AttrFlag.EXCLUSIVE, exclusive);
        }
      }
    }

    void assignExcludes(EventDraft event) {
      event.attr.flag(AttrFlag.EXCLUDE_USER, eu == 1)
          .flag(AttrFlag.EXCLUDE_KERNEL, ek == 1)
          .flag(AttrFlag.EXCLUDE_HV, eh == 1)
          .flag(AttrFlag.EXCLUDE_HOST, eH == 1)
          .flag(AttrFlag.EXCLUDE_GUEST, eG == 1);
      event.excludeGuestOrHostGiven = excludeGuestOrHost;
      event.explicitGuest |= guest;
      event.explicitHost |= host;
    }
  }
}
