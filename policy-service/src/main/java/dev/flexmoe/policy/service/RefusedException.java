package dev.flexmoe.policy.service;

/**
 * A request the policy's rules refuse, with a stable code and the field it concerns; the REST layer
 * gives each kind its status.
 */
public abstract sealed class RefusedException extends RuntimeException
    permits NotFoundException,
        NotPermittedException,
        InvalidRequestException,
        StaleRevisionException,
        WithdrawnException {

  private final String code;
  private final String field;

  RefusedException(String code, String field, String message) {
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
