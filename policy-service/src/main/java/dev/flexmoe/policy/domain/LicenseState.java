package dev.flexmoe.policy.domain;

/** Who an owner lets use its expert. */
public enum LicenseState {
  /** Every tenant. */
  OPEN,
  /** Only the listed tenants and the tenants holding one of the listed license classes. */
  RESTRICTED,
  /** Nobody. */
  OFF
}
