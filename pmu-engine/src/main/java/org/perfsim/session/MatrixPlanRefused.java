package org.perfsim.session;

/**
 * Why a matrix selection cannot be planned: a field that is wrong ({@link Kind#INVALID}: an empty event, guests out
 * of range, an event every selected perf rejects), or more cases than the caller allows ({@link Kind#TOO_MANY_CASES}).
 * Callers map the kind, not the message: the CLI to a usage error, the API to INVALID_ARGUMENT or RESOURCE_EXHAUSTED.
 */
public final class MatrixPlanRefused extends IllegalArgumentException {
  /** What kind of refusal. */
  public enum Kind { INVALID, TOO_MANY_CASES }

  private final Kind kind;
  private final String field;

  MatrixPlanRefused(Kind kind, String field, String message) {
    super(field.isEmpty() ? message : field + ": " + message);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault ({@code events}, {@code guests}); empty for the case count. */
  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    String message = getMessage();
    return field.isEmpty() ? message : message.substring(field.length() + 2);
  }
}
