package dev.flexmoe.training.service;

/** The registry, which a submission is checked against, cannot be reached now. */
public final class RegistryDownException extends RefusedException {

  RegistryDownException(String message) {
    super("registry-unavailable", null, message);
  }
}
