package dev.flexmoe.registry.service;

/** What the request would create exists already under someone else's name or digest. */
public final class ConflictException extends RefusedException {

  public ConflictException(String code, String field, String message) {
    super(code, field, message);
  }
}
