package dev.flexmoe.policy.api;

import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.LicenseState;
import java.time.Instant;
import java.util.List;

/**
 * A license as the API shows it.
 *
 * @param state the owner's decision
 * @param effectiveState what is published now: {@code state} inside the window, else OFF
 * @param revision 0 while the owner has decided nothing (the expert is then OFF)
 */
public record LicenseView(
    String expertId,
    LicenseState state,
    LicenseState effectiveState,
    List<String> tenants,
    List<String> licenseClasses,
    Instant validFrom,
    Instant validUntil,
    long revision,
    Instant updatedAt) {

  static LicenseView of(ExpertLicense license) {
    return new LicenseView(
        license.expertId,
        license.state,
        license.publishedState,
        license.tenants,
        license.licenseClasses,
        license.validFrom,
        license.validUntil,
        license.revision,
        license.updatedAt);
  }

  /** An expert nobody licensed yet. */
  static LicenseView none(String expertId) {
    return new LicenseView(
        expertId, LicenseState.OFF, LicenseState.OFF, List.of(), List.of(), null, null, 0, null);
  }
}
