package dev.flexmoe.policy.api;

import dev.flexmoe.policy.domain.Tenant;
import java.time.Instant;
import java.util.List;

/** A tenant as the API shows it. */
public record TenantView(
    String id,
    String displayName,
    List<String> licenseClasses,
    boolean suspended,
    long revision,
    Instant updatedAt) {

  static TenantView of(Tenant tenant) {
    return new TenantView(
        tenant.id,
        tenant.displayName,
        tenant.licenseClasses,
        tenant.suspended,
        tenant.revision,
        tenant.updatedAt);
  }
}
