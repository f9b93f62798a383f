package dev.flexmoe.registry.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling: the token's subject, and what its roles let it see. */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  /** The caller's id; for an owner, the owner id its experts are registered under. */
  public String id() {
    return identity.getPrincipal().getName();
  }

  /** Operators and services see every owner's experts; an owner sees only its own. */
  public boolean seesEveryOwner() {
    return identity.hasRole(Roles.OPERATOR) || identity.hasRole(Roles.SERVICE);
  }

  public boolean isOperator() {
    return identity.hasRole(Roles.OPERATOR);
  }

  /**
   * Whether the caller may see this owner's experts and keys at all (another owner's experts are
   * reported as absent).
   */
  public boolean maySeeExpertsOf(String ownerId) {
    return seesEveryOwner() || ownerId.equals(id());
  }
}
