package dev.flexmoe.training.security;

/** The roles a caller's token can carry (its {@code groups} claim), as across flexmoe. */
public final class Roles {

  /** A data owner: the only caller of its own training service. */
  public static final String OWNER = "owner";

  /** The platform's operator, who trains the public model on its own training service. */
  public static final String OPERATOR = "operator";

  private Roles() {}
}
