package dev.flexmoe.events;

import java.util.List;

/**
 * What a tenant holds: the license classes that open RESTRICTED experts to it, and whether it is
 * suspended (then nothing but the public expert serves it). Published on a compacted topic keyed by
 * tenant id, so that inference decides every request without calling the policy service.
 *
 * @param licenseClasses e.g. {@code research}, {@code clinical}; empty when it holds none
 * @param revision increases with every change, so that a consumer can ignore stale copies
 */
public record TenantGrants(
    String tenantId,
    @Nullable String displayName,
    @Nullable List<String> licenseClasses,
    Boolean suspended,
    Long revision)
    implements EventPayload {

  public TenantGrants {
    Require.text(tenantId, "tenantId");
    licenseClasses = Require.listOrEmpty(licenseClasses);
    Require.present(suspended, "suspended");
    Require.atLeast(revision, 0, "revision");
  }

  @Override
  public String subject() {
    return tenantId;
  }
}
