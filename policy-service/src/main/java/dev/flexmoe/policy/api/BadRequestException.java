package dev.flexmoe.policy.api;

/** A request the REST layer refuses before it reaches a service: a missing body, a bad header. */
class BadRequestException extends RuntimeException {

  private final String code;
  private final String field;

  BadRequestException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
