package dev.flexmoe.registry.service;

/** The caller may not do this to what it names: another owner's experts or keys. */
public final class NotPermittedException extends RefusedException {

  public NotPermittedException(String code, String message) {
    super(code, null, message);
  }
}
