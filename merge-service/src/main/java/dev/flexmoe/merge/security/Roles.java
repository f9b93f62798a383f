package dev.flexmoe.merge.security;

/** The roles a caller's token can carry (its {@code groups} claim), as across flexmoe. */
public final class Roles {

  /** A data owner: reads versions and its own experts' validation reports. */
  public static final String OWNER = "owner";

  /** A platform operator: everything, including rollback, publication and export. */
  public static final String OPERATOR = "operator";

  /** Another flexmoe service (inference): reads and exports versions. */
  public static final String SERVICE = "service";

  private Roles() {}
}
