package dev.flexmoe.registry.service;

/** An event names an expert this registry does not have (or other bytes than it has). */
public class UnknownExpertException extends RuntimeException {

  public UnknownExpertException(String message) {
    super(message);
  }
}
