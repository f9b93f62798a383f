package dev.flexmoe.training.service;

/** The submission names something that is not there, not allowed, or not usable. */
public final class InvalidJobException extends RefusedException {

  InvalidJobException(String code, String field, String message) {
    super(code, field, message);
  }
}
