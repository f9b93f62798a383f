package dev.flexmoe.model.safetensors;

import java.util.Optional;

/**
 * A safetensors file that is malformed or breaks the reader's policy. {@link #violation()} says
 * which rule it broke, so callers (an upload endpoint) can map it to a reason code without parsing
 * the message; the message names the offending tensor or field.
 */
public final class SafetensorsFormatException extends RuntimeException {

  private final Violation violation;
  private final String tensor;

  SafetensorsFormatException(Violation violation, String tensor, String message) {
    this(violation, tensor, message, null);
  }

  SafetensorsFormatException(Violation violation, String tensor, String message, Throwable cause) {
    super(message, cause);
    this.violation = violation;
    this.tensor = tensor;
  }

  /** The rule the file broke. */
  public Violation violation() {
    return violation;
  }

  /** The tensor the problem is in, where it is in one. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }
}
