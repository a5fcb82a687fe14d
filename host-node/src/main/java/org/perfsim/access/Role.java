package org.perfsim.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. A {@code viewer} reads (list, get, watch, metrics); an {@code operator} also changes
 * things (provision, sessions, experiments, cancel, guest stops and reboots). An operator may do what a
 * viewer may.
 */
public enum Role {
  VIEWER, OPERATOR;

  /** Whether a caller with this role may call something that needs {@code needed}. */
  public boolean allows(Role needed) {
    return this == OPERATOR || needed == VIEWER;
  }

  /** The role spelled as in a tokens file ({@code viewer}, {@code operator}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> byId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
