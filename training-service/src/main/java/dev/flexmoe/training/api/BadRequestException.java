package dev.flexmoe.training.api;

import dev.flexmoe.servicekit.problem.CodedException;

/** A request the REST layer refuses before it reaches a service: a missing body, a bad id. */
class BadRequestException extends CodedException {

  BadRequestException(String code, String field, String message) {
    super(code, field, message);
  }
}
