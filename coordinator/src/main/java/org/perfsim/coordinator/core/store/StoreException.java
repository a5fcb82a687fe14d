package org.perfsim.coordinator.core.store;

/** The store could not be read or written; the message names the store, never its credentials. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
