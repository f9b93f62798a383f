package dev.flexmoe.merge.service;

/** What the request names does not exist (or is not the caller's to see). */
public final class NotFoundException extends RefusedException {

  NotFoundException(String code, String field, String message) {
    super(code, field, message);
  }
}
