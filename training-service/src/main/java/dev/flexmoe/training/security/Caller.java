package dev.flexmoe.training.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling: the token's subject. */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  public String id() {
    return identity.getPrincipal().getName();
  }

  public boolean hasRole(String role) {
    return identity.hasRole(role);
  }
}
