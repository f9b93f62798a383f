package dev.flexmoe.policy.service;

/** A conditional update named a revision that is no longer the current one. */
public final class StaleRevisionException extends RefusedException {

  StaleRevisionException(String code, String field, String message) {
    super(code, field, message);
  }
}
