package dev.flexmoe.merge.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling: the token's subject, and whether it may see every owner's experts. */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  public String id() {
    return identity.getPrincipal().getName();
  }

  /** Operators and services see every owner's experts; an owner sees only its own. */
  public boolean maySeeExpertsOf(String ownerId) {
    return identity.hasRole(Roles.OPERATOR)
        || identity.hasRole(Roles.SERVICE)
        || ownerId.equals(id());
  }
}
