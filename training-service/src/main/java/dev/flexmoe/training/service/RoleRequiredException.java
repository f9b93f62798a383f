package dev.flexmoe.training.service;

/**
 * The caller is this service's owner, but a job of this kind needs another role: a public model is
 * registered by the platform's operator, an expert by a data owner.
 */
public final class RoleRequiredException extends RefusedException {

  RoleRequiredException(String role, String kind) {
    super(
        "role-required",
        "kind",
        "a " + kind + " job needs the " + role + " role, which the caller's token does not carry");
  }
}
