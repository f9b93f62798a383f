package dev.flexmoe.merge.api;

/** A request the REST layer refuses before it reaches a service: a missing or invalid value. */
class InvalidRequestException extends RuntimeException {

  private final String code;
  private final String field;

  InvalidRequestException(String code, String field, String message) {
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
