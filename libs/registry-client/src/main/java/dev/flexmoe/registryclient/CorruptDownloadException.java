package dev.flexmoe.registryclient;

/** A public model arrived with other bytes than the registry lists for it. */
public class CorruptDownloadException extends RuntimeException {

  public CorruptDownloadException(String message) {
    super(message);
  }
}
