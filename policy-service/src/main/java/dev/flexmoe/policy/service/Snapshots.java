package dev.flexmoe.policy.service;

import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.Tenant;
import dev.flexmoe.servicekit.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Publishes every change as the full snapshot of its entity on its compacted topic, in the caller's
 * transaction (the outbox), so that the latest record per key is the whole truth.
 */
@ApplicationScoped
public class Snapshots {

  @Inject Outbox outbox;

  @Transactional(Transactional.TxType.MANDATORY)
  void license(ExpertLicense license) {
    outbox.publish(
        new ExpertPolicy(
            license.expertId,
            ExpertPolicy.State.valueOf(license.publishedState.name()),
            license.tenants,
            license.licenseClasses,
            license.validUntil,
            license.revision));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void licenseDeleted(String expertId) {
    outbox.tombstone(TopicCatalog.EXPERT_POLICIES, expertId);
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void tenant(Tenant tenant) {
    outbox.publish(
        new TenantGrants(
            tenant.id,
            tenant.displayName,
            tenant.licenseClasses,
            tenant.suspended,
            tenant.revision));
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void tenantDeleted(String tenantId) {
    outbox.tombstone(TopicCatalog.TENANTS, tenantId);
  }
}
