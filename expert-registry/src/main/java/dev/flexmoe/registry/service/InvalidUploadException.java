package dev.flexmoe.registry.service;

/**
 * An upload that reads well but breaks a rule: an unknown anchor, tensors that do not fit it, a
 * digest or signature that does not verify.
 */
public final class InvalidUploadException extends RefusedException {

  public InvalidUploadException(String code, String field, String message) {
    super(code, field, message);
  }
}
