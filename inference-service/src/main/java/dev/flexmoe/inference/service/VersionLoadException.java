package dev.flexmoe.inference.service;

/** A published version that cannot be served: the current one stays. */
public final class VersionLoadException extends RuntimeException {
  public VersionLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
