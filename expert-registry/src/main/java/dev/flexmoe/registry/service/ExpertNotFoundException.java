package dev.flexmoe.registry.service;

/** No expert with this id, or one the caller may not see (reported alike, so ids do not leak). */
public final class ExpertNotFoundException extends RefusedException {

  public ExpertNotFoundException(String id) {
    super("not-found", null, "expert " + id + " does not exist");
  }
}
