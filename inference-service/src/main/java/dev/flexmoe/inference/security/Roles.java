package dev.flexmoe.inference.security;

/** The roles the tokens carry, as groups. */
public final class Roles {

  /** A tenant of the platform: calls the completions API; the token's subject is its id. */
  public static final String TENANT = "tenant";

  /** A platform operator: may look at what is served. */
  public static final String OPERATOR = "operator";

  private Roles() {}
}
