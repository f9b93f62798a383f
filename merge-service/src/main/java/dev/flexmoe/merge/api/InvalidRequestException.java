package dev.flexmoe.merge.api;

import dev.flexmoe.servicekit.problem.CodedException;

/** A request the REST layer refuses before it reaches a service: a missing or invalid value. */
class InvalidRequestException extends CodedException {

  InvalidRequestException(String code, String field, String message) {
    super(code, field, message);
  }
}
