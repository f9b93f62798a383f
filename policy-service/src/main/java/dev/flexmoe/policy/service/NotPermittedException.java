package dev.flexmoe.policy.service;

/** The caller may not do this to this expert or tenant. */
public final class NotPermittedException extends RefusedException {

  NotPermittedException(String code, String field, String message) {
    super(code, field, message);
  }
}
