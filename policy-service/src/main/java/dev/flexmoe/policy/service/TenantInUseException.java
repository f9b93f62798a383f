package dev.flexmoe.policy.service;

/** A tenant that licenses still name cannot be deleted: its owners must take it off first. */
public final class TenantInUseException extends RefusedException {

  TenantInUseException(String code, String field, String message) {
    super(code, field, message);
  }
}
