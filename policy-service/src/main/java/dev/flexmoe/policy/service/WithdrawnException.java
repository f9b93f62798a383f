package dev.flexmoe.policy.service;

/** The expert was withdrawn by its owner: it can no longer be licensed. */
public final class WithdrawnException extends RefusedException {

  WithdrawnException(String code, String field, String message) {
    super(code, field, message);
  }
}
