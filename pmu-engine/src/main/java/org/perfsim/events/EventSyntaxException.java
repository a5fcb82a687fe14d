package org.perfsim.events;

/** Thrown by {@link EventParser} for an event string the modelled perf rejects. */
public final class EventSyntaxException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient EventSyntaxError error;

  public EventSyntaxException(EventSyntaxError error) {
    super(error.reported() ? error.render().stripTrailing() : error.message());
    this.error = error;
  }

  public EventSyntaxError error() {
    return error;
  }
}
