package dev.flexmoe.registry.service;

/** No public model with this id, or no such file in it. */
public final class PublicModelNotFoundException extends RefusedException {

  public PublicModelNotFoundException(String what) {
    super("not-found", null, what + " does not exist");
  }
}
