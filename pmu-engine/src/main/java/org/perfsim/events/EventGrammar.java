package org.perfsim.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.events.Token.Kind;

/**
 * perf's event grammar (parse-events.y) as a recursive-descent parser over {@link EventLexer}'s
 * tokens. Two properties of perf's bison parser are kept because they decide which error perf
 * reports: a syntax error is reported at the offending token's {@code last} column, and an action
 * that ends a construct (a modifier, a closing slash or brace) runs before the next token is looked
 * at, so its error ("Bad modifier", "unknown term") wins over a syntax error after it.
 */
final class EventGrammar {

  private static final String PARSER_ERROR = "parser error";

  private final String input;
  private final PerfGeneration generation;
  private final EventLexer lexer;
  private final EventDefinitions definitions;
  private final List<Token> lookahead = new ArrayList<>();
  private final List<EventDraft> events = new ArrayList<>();

  EventGrammar(String input, PerfGeneration generation) {
    this.input = input;
    this.generation = generation;
    this.lexer = new EventLexer(input, generation);
    this.definitions = new EventDefinitions(input, generation);
  }

  List<EventDraft> parse() throws EventSyntaxException {
    do {
      if (startsGroup()) {
        group();
      } else {
        event();
      }
    } while (accept(Kind.COMMA));
    if (!peek().is(Kind.EOF)) {
      throw syntaxError(peek());
    }
    return events;
  }

  // ---- groups: [name] '{' event (',' event)* '}' [':' modifiers]

  private boolean startsGroup() {
    return peek().is(Kind.LBRACE) || peek().is(Kind.NAME) && peek(1).is(Kind.LBRACE);
  }

  private void group() throws EventSyntaxException {
    String name = peek().is(Kind.NAME) ? advance().text() : "";
    expect(Kind.LBRACE);
    int leader = events.size();
    do {
      event();
    } while (accept(Kind.COMMA));
    expect(Kind.RBRACE);
    List<EventDraft> members = events.subList(leader, events.size());
    EventGroup group = new EventGroup(leader, members.size(), true, name);
    members.forEach(member -> member.group = group);
    if (accept(Kind.COLON)) {
      Token modifier = expectModifier();
      throwIfPresent(ModifierRules.applyToGroup(generation, members, leader, modifier, input));
    }
  }

  // ---- event: [EVENT_NAME] event_def [modifiers]

  private void event() throws EventSyntaxException {
    String typed = peek().is(Kind.EVENT_NAME) ? advance().text() : null;
    EventDraft event = eventDefinition();
    if (typed != null && generation.namesEventsAsTyped()) {
      event.nameIfUnset(typed);
    }
    int index = events.size();
    events.add(event);
    if (peek().is(Kind.MODIFIER_EVENT)) {
      Token modifier = advance();
      throwIfPresent(ModifierRules.applyToEvent(generation, event, index, modifier, input));
    }
  }

  private EventDraft eventDefinition() throws EventSyntaxException {
    Token start = peek();
    switch (start.kind()) {
      case VALUE_SYM_HW: case VALUE_SYM_SW: case VALUE_SYM_TOOL: return symbol();
      case RAW: return raw();
      case VALUE: return numeric();
      case NAME_CACHE_TYPE: return cache();
      case NAME: return pmuOrTracepoint();
      case PREFIX_MEM: throw unmodelled(start, "breakpoint (mem:) events");
      case KERNEL_PMU_EVENT: throw unmodelled(start, "kernel PMU event aliases");
      default: throw syntaxError(start);
    }
  }

  /** value_sym ('/' terms '/' | '/' '/' | ':' | nothing). */
  private EventDraft symbol() throws EventSyntaxException {
    SymbolicEvent symbol = SymbolicEvent.values()[(int) advance().value()];
    List<ConfigTerm> terms = List.of();
    if (accept(Kind.SLASH)) {
      if (!accept(Kind.SLASH)) {
        if (symbol.isTool()) {
          throw syntaxError(peek());
        }
        terms = termsUntilSlash();
      }
    } else {
      accept(Kind.COLON);
    }
    return definitions.symbol(symbol, terms);
  }

  private EventDraft raw() throws EventSyntaxException {
    long config = advance().value();
    EventDraft event = definitions.numeric(4, config, optionalTerms());
    accept(Kind.COLON);
    return event;
  }

  /** type ':' config: perf's event_legacy_numeric. */
  private EventDraft numeric() throws EventSyntaxException {
    long type = advance().value();
    expect(Kind.COLON);
    long config = expect(Kind.VALUE).value();
    EventDraft event = definitions.numeric((int) type, config, optionalTerms());
    accept(Kind.COLON);
    return event;
  }

  private EventDraft cache() throws EventSyntaxException {
    String cacheWord = advance().text();
    StringBuilder typed = new StringBuilder(cacheWord);
    List<String> words = new ArrayList<>();
    while (words.size() < 2 && accept(Kind.MINUS)) {
      String word = expect(Kind.NAME_CACHE_OP_RESULT).text();
      words.add(word);
      typed.append('-').append(word);
    }
    EventDraft event = definitions.cache(typed.toString(), cacheWord, words, optionalTerms());
    accept(Kind.COLON);
    return event;
  }

  /** PE_NAME '/' terms '/' is a PMU event; PE_NAME ':' PE_NAME a tracepoint. */
  private EventDraft pmuOrTracepoint() throws EventSyntaxException {
    Token name = advance();
    if (peek().is(Kind.COLON) || peek().is(Kind.MINUS)) {
      tracepointName();
      throw unmodelled(name, "tracepoint events");
    }
    expect(Kind.SLASH);
    List<ConfigTerm> terms = accept(Kind.SLASH) ? List.of() : termsUntilSlash();
    return definitions.pmu(name.text(), terms);
  }

  /** The rest of {@code sys:event} or {@code sys-part:event}, for perf's syntax errors. */
  private void tracepointName() throws EventSyntaxException {
    if (accept(Kind.MINUS)) {
      expect(Kind.NAME);
    }
    expect(Kind.COLON);
    expect(Kind.NAME);
  }

  // ---- config terms

  private List<ConfigTerm> optionalTerms() throws EventSyntaxException {
    if (!accept(Kind.SLASH)) {
      return List.of();
    }
    return accept(Kind.SLASH) ? List.of() : termsUntilSlash();
  }

  private List<ConfigTerm> termsUntilSlash() throws EventSyntaxException {
    List<ConfigTerm> terms = new ArrayList<>();
    do {
      terms.add(term());
    } while (accept(Kind.COMMA));
    expect(Kind.SLASH);
    return terms;
  }

  private ConfigTerm term() throws EventSyntaxException {
    Token name = peek();
    if (name.is(Kind.RAW)) {
      advance();
      return new ConfigTerm("config", true, name.value(), null, false, name.first(), name.first());
    }
    if (!name.is(Kind.NAME) && !name.is(Kind.TERM)) {
      throw syntaxError(name);
    }
    advance();
    boolean hardcoded = name.is(Kind.TERM);
    if (!accept(Kind.EQUALS)) {
      return new ConfigTerm(name.text(), hardcoded, 1, null, true, name.first(), 0);
    }
    Token value = peek();
    if (value.is(Kind.VALUE)) {
      advance();
      return new ConfigTerm(name.text(), hardcoded, value.value(), null, false, name.first(),
          value.first());
    }
    if (value.is(Kind.NAME)) {
      advance();
      return new ConfigTerm(name.text(), hardcoded, 0, value.text(), false, name.first(),
          value.first());
    }
    throw syntaxError(value);
  }

  // ---- tokens

  private Token expectModifier() throws EventSyntaxException {
    Token token = peek();
    if (!token.is(Kind.MODIFIER_EVENT)) {
      throw syntaxError(token);
    }
    return advance();
  }

  private Token expect(Kind kind) throws EventSyntaxException {
    if (!peek().is(kind)) {
      throw syntaxError(peek());
    }
    return advance();
  }

  private boolean accept(Kind kind) {
    if (peek().is(kind)) {
      advance();
      return true;
    }
    return false;
  }

  private Token peek() {
    return peek(0);
  }

  private Token peek(int ahead) {
    while (lookahead.size() <= ahead) {
      lookahead.add(lexer.next());
    }
    return lookahead.get(ahead);
  }

  private Token advance() {
    Token token = peek();
    lookahead.remove(0);
    return token;
  }

  /**
   * perf's "parser error" at the offending token. A 2012 perf meets a modifier letter it does not
   * know as part of a name token; perfsim points at that letter.
   */
  private EventSyntaxException syntaxError(Token offending) {
    int position = offending.last();
    int unknown = unknownModifierLetter(offending.text());
    if (offending.is(Kind.NAME) && unknown >= 0) {
      position = offending.first() + unknown;
    }
    return new EventSyntaxException(new EventSyntaxError(input, position, PARSER_ERROR));
  }

  /** Index of the first letter this generation lacks, if the text is all 6.1 modifier letters. */
  private int unknownModifierLetter(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> PerfGeneration.V6_1.knowsModifier((char) c))) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!generation.knowsModifier(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private EventSyntaxException unmodelled(Token at, String what) {
    return new EventSyntaxException(new EventSyntaxError(input, at.first(),
        "perfsim does not model " + what));
  }

  private static void throwIfPresent(Optional<EventSyntaxError> error)
      throws EventSyntaxException {
    if (error.isPresent()) {
      throw new EventSyntaxException(error.get());
    }
  }
}
