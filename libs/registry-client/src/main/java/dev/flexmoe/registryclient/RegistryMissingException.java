package dev.flexmoe.registryclient;

/** The registry answered that what was asked for is not there (404, 410), for good. */
public class RegistryMissingException extends RuntimeException {

  public RegistryMissingException(String message) {
    super(message);
  }
}
