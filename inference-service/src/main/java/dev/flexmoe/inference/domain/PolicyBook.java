package dev.flexmoe.inference.domain;

import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest policy of every expert and the grants of every tenant, as read from the compacted
 * changelogs: the table inference decides each request's experts from, with no call to the policy
 * service. A copy older than the one held (a lower revision) is ignored; a tombstone removes the
 * entry, and an expert without a policy is OFF.
 */
public final class PolicyBook {

  private final Map<String, ExpertPolicy> policies = new ConcurrentHashMap<>();
  private final Map<String, TenantGrants> tenants = new ConcurrentHashMap<>();

  /** Applies a snapshot of {@code expertId}'s policy, or its tombstone ({@code null}). */
  public void policy(String expertId, ExpertPolicy policy) {
    if (policy == null) {
      policies.remove(expertId);
    } else {
      policies.merge(
          expertId, policy, (held, next) -> next.revision() >= held.revision() ? next : held);
    }
  }

  /** Applies a snapshot of {@code tenantId}'s grants, or its tombstone ({@code null}). */
  public void tenant(String tenantId, TenantGrants grants) {
    if (grants == null) {
      tenants.remove(tenantId);
    } else {
      tenants.merge(
          tenantId, grants, (held, next) -> next.revision() >= held.revision() ? next : held);
    }
  }

  /** The revision of the policy in force for the expert; 0 when it has none (it is then OFF). */
  public long revision(String expertId) {
    ExpertPolicy policy = policies.get(expertId);
    return policy == null ? 0 : policy.revision();
  }

  public Optional<ExpertPolicy> policyOf(String expertId) {
    return Optional.ofNullable(policies.get(expertId));
  }

  /**
   * Whether {@code tenantId} may use the expert at {@code now}: its policy is OPEN, or RESTRICTED
   * and names the tenant or one of its license classes, and has not lapsed; a suspended tenant may
   * use no expert.
   */
  public boolean allows(String expertId, String tenantId, Instant now) {
    ExpertPolicy policy = policies.get(expertId);
    if (policy == null || policy.state() == ExpertPolicy.State.OFF) {
      return false;
    }
    if (policy.validUntil() != null && !now.isBefore(policy.validUntil())) {
      return false;
    }
    TenantGrants grants = tenants.get(tenantId);
    if (grants != null && grants.suspended()) {
      return false;
    }
    if (policy.state() == ExpertPolicy.State.OPEN) {
      return true;
    }
    if (policy.tenants().contains(tenantId)) {
      return true;
    }
    return grants != null
        && grants.licenseClasses().stream().anyMatch(policy.licenseClasses()::contains);
  }
}
