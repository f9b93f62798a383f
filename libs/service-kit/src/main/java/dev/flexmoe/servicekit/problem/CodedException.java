package dev.flexmoe.servicekit.problem;

/**
 * A refusal with what problem details need besides the status: {@code code}, a stable,
 * machine-readable name of what went wrong, and {@code field}, the part, JSON path or header it
 * concerns (or null). A service's refusals extend it, one class per kind, and its api gives each
 * kind its status.
 */
public abstract class CodedException extends RuntimeException {

  private final String code;
  private final String field;

  protected CodedException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
