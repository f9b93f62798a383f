package dev.flexmoe.events;

/** A payload field that is missing or holds a value the contract does not allow. */
public final class InvalidFieldException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super("field '" + field + "' " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** What is wrong with the field, e.g. {@code is required}. */
  public String problem() {
    return problem;
  }

  /** The field's name, relative to the record that holds it. */
  public String field() {
    return field;
  }
}
