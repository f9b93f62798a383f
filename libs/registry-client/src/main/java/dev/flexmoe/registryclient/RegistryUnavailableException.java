package dev.flexmoe.registryclient;

/** The registry could not be reached or failed; the same request may succeed later. */
public class RegistryUnavailableException extends RuntimeException {

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
