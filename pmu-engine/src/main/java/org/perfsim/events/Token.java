package org.perfsim.events;

/**
 * One token of perf's event lexer with bison's location: {@code first} is the token's start column;
 * {@code last} is, through a quirk of perf's {@code YY_USER_ACTION}, the start column of the action
 * before it. perf reports a syntax error at the offending token's {@code last}.
 *
 * @param kind   token kind
 * @param text   matched text (quotes stripped for {@code 'name'} tags)
 * @param value  numeric value of VALUE/RAW tokens, or the symbol's packed type and config
 * @param first  start column
 * @param last   start column of the previous lexer action
 */
record Token(Kind kind, String text, long value, int first, int last) {

  enum Kind {
    EVENT_NAME, VALUE_SYM_HW, VALUE_SYM_SW, VALUE_SYM_TOOL, KERNEL_PMU_EVENT,
    NAME_CACHE_TYPE, NAME_CACHE_OP_RESULT, PREFIX_MEM, RAW, VALUE, MODIFIER_EVENT, NAME, TERM,
    ARRAY, DRV_CFG_TERM, ERROR,
    SLASH, MINUS, COMMA, COLON, LBRACE, RBRACE, EQUALS, EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }
}
