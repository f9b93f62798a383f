package dev.flexmoe.policy.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling: the token's subject and its roles. */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  public String id() {
    return identity.getPrincipal().getName();
  }

  public boolean isOperator() {
    return identity.hasRole(Roles.OPERATOR);
  }

  public boolean isService() {
    return identity.hasRole(Roles.SERVICE);
  }

  public boolean isTenant() {
    return identity.hasRole(Roles.TENANT);
  }

  /** The role the audit records for this caller. */
  public String role() {
    for (String role : new String[] {Roles.OPERATOR, Roles.OWNER, Roles.SERVICE, Roles.TENANT}) {
      if (identity.hasRole(role)) {
        return role;
      }
    }
    return "none";
  }
}
