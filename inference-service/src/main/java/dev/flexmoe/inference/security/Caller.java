package dev.flexmoe.inference.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling: the tenant is the token's subject. */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  public String tenant() {
    return identity.getPrincipal().getName();
  }
}
