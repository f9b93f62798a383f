package dev.flexmoe.registry.security;

/** The roles a caller's token can carry (its {@code groups} claim). */
public final class Roles {

  /** A data owner: registers, reads and withdraws its own experts only. */
  public static final String OWNER = "owner";

  /** A platform operator: registers public models, reads every expert. */
  public static final String OPERATOR = "operator";

  /** Another flexmoe service (merge, inference): reads every expert and downloads artifacts. */
  public static final String SERVICE = "service";

  private Roles() {}
}
