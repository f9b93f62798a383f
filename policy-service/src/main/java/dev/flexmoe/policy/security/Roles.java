package dev.flexmoe.policy.security;

/** The roles a caller's token can carry (its {@code groups} claim), as across flexmoe. */
public final class Roles {

  /** A data owner: licenses its own experts. */
  public static final String OWNER = "owner";

  /** A platform operator: manages tenants; may switch any expert OFF, never on. */
  public static final String OPERATOR = "operator";

  /** Another flexmoe service: reads licenses and tenants. */
  public static final String SERVICE = "service";

  /** An API customer: reads its own grants and the experts it may use. */
  public static final String TENANT = "tenant";

  private Roles() {}
}
