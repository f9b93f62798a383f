package dev.flexmoe.registryclient;

/** The registry refused a request (a 4xx other than not-found): sending it again will not help. */
public class RegistryRefusedException extends RuntimeException {

  private final int status;

  public RegistryRefusedException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
