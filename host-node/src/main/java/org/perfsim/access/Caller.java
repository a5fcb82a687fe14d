package org.perfsim.access;

/**
 * Who made a call, as the audit log names it: a token's name (never the token), or {@code anonymous} when
 * the server has no tokens; and what that caller may do.
 */
public record Caller(String name, Role role) {
  /** Everyone, when no tokens are configured (a loopback-only server). */
  public static final Caller ANONYMOUS = new Caller("anonymous", Role.OPERATOR);
}
