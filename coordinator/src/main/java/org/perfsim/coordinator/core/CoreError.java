package org.perfsim.coordinator.core;

/**
 * A request the coordinator's core refuses: what kind of refusal it is, the request field at fault (empty
 * when none is) and a message that names the field, the bad value and, for names, the valid ones. The gRPC
 * layer turns the kind into a status code and the field into a {@code google.rpc.BadRequest} violation.
 */
public final class CoreError extends RuntimeException {

  /** Why a request is refused; each maps to the gRPC status code of the same name. */
  public enum Kind { INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED }

  private final Kind kind;
  private final String field;
  private final String detail;

  private CoreError(Kind kind, String field, String message) {
    this(kind, field, message, field.isEmpty() ? message : field + ": " + message);
  }

  private CoreError(Kind kind, String field, String detail, String fullMessage) {
    super(fullMessage, null, false, false);
    this.kind = kind;
    this.field = field;
    this.detail = detail;
  }

  /**
   * INVALID_ARGUMENT for a field of a file the caller sent as text: the message reads like a compiler's,
   * {@code FILE:LINE: FIELD: MESSAGE}, and the field violation names {@code field}.
   */
  public static CoreError invalidInFile(String file, int line, String field, String message) {
    return new CoreError(Kind.INVALID_ARGUMENT, field, message,
        file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + message);
  }

  public static CoreError invalid(String field, String message) {
    return new CoreError(Kind.INVALID_ARGUMENT, field, message);
  }

  public static CoreError notFound(String field, String message) {
    return new CoreError(Kind.NOT_FOUND, field, message);
  }

  public static CoreError alreadyExists(String field, String message) {
    return new CoreError(Kind.ALREADY_EXISTS, field, message);
  }

  public static CoreError failedPrecondition(String field, String message) {
    return new CoreError(Kind.FAILED_PRECONDITION, field, message);
  }

  public static CoreError exhausted(String field, String message) {
    return new CoreError(Kind.RESOURCE_EXHAUSTED, field, message);
  }

  /**
   * This error naming {@code wholeField} when it names no field (a whole file's error, as the request that
   * carried the file as {@code wholeField} sees it); its message stays as it is.
   */
  public CoreError orField(String wholeField) {
    return field.isEmpty() ? new CoreError(kind, wholeField, detail, getMessage()) : this;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }

  /** The message without the field in front of it. */
  public String detail() {
    return detail;
  }
}
