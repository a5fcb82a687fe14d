package org.perfsim.kernel;

/**
 * A policy file that cannot be read: which file (or API field), the line, the field at fault and what is wrong
 * with it, rendered as {@code my-policy.yaml:4: precise-open: unknown value "maybe"; valid: allow, ...}.
 */
public final class KernelPolicyFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String field;
  private final String problem;

  KernelPolicyFileException(String source, int line, String field, String problem) {
    super(source + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem, null, false, false);
    this.source = source;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }

  /** The file's path, or the API field the text came in. */
  public String source() {
    return source;
  }

  /** 1-based line of the fault. */
  public int line() {
    return line;
  }

  /** The policy field at fault ({@code precise-open}), empty for a YAML syntax error. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
