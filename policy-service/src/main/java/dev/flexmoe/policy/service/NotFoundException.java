package dev.flexmoe.policy.service;

/** What the request names does not exist. */
public final class NotFoundException extends RefusedException {

  NotFoundException(String code, String field, String message) {
    super(code, field, message);
  }
}
