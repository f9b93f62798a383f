package dev.flexmoe.policy.service;

import dev.flexmoe.policy.domain.LicenseState;
import java.time.Instant;
import java.util.List;

/**
 * A license as an owner (or, to switch it off, an operator) sets it.
 *
 * @param tenants tenants granted use when RESTRICTED
 * @param licenseClasses license classes granted use when RESTRICTED
 * @param validFrom the expert is OFF before this, if given
 * @param validUntil the expert is OFF from this on, if given
 * @param reason why, for the audit
 */
public record LicenseRequest(
    LicenseState state,
    List<String> tenants,
    List<String> licenseClasses,
    Instant validFrom,
    Instant validUntil,
    String reason) {

  public LicenseRequest {
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
    licenseClasses = licenseClasses == null ? List.of() : List.copyOf(licenseClasses);
  }
}
