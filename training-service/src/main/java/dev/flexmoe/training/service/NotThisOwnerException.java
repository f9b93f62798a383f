package dev.flexmoe.training.service;

/** The caller is an owner, but not the one this service trains for. */
public final class NotThisOwnerException extends RefusedException {

  NotThisOwnerException(String caller, String owner) {
    super(
        "not-this-owner",
        null,
        "this training service belongs to owner '" + owner + "', not '" + caller + "'");
  }
}
