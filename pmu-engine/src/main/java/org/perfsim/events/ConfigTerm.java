package org.perfsim.events;

/**
 * One term between the slashes of {@code cpu/event=0x3c,inv/} or {@code cycles/period=1000/}.
 *
 * @param name        the term's name as typed
 * @param hardcoded   one of perf's own terms (config, period, name, ...) rather than a PMU format term
 * @param number      numeric value (1 for a term given without value)
 * @param string      string value, or null for a numeric term
 * @param noValue     given without {@code =value}
 * @param termColumn  column of the name, where perf points for a bad term
 * @param valueColumn column of the value (0 without value, as perf has it), where perf points for a
 *                    bad value
 */
record ConfigTerm(String name, boolean hardcoded, long number, String string, boolean noValue,
    int termColumn, int valueColumn) {

  boolean isNumeric() {
    return string == null;
  }
}
