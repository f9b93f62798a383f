package dev.flexmoe.events;

/**
 * An event that cannot be read or written: not JSON, an unknown type, a missing field, a field of
 * the wrong type. The message names the field where there is one.
 */
public final class EventFormatException extends RuntimeException {

  private final String field;

  EventFormatException(String message, String field, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The offending field as a path into the event (e.g. {@code data.experts[0].routerRow}). */
  public java.util.Optional<String> field() {
    return java.util.Optional.ofNullable(field);
  }
}
