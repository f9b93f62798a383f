package dev.flexmoe.policy.service;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.OwnedExpert;
import dev.flexmoe.policy.domain.StoredTime;
import dev.flexmoe.servicekit.inbox.MessageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Who owns which expert, from the registry's events: a registration makes its owner the one who
 * licenses it (it starts with no license, so OFF); a withdrawal deletes the license and publishes a
 * tombstone.
 */
@ApplicationScoped
public class Ownership {

  @Inject MessageLog messageLog;

  @Inject Snapshots snapshots;

  @Inject LicenseAudit audit;

  @Transactional
  public void onRegistered(CloudEvent<?> event, ExpertRegistered registered) {
    if (!messageLog.firstDelivery(event) || OwnedExpert.findById(registered.expertId()) != null) {
      return;
    }
    OwnedExpert expert = new OwnedExpert();
    expert.expertId = registered.expertId();
    expert.ownerId = registered.ownerId();
    expert.domain = registered.domain();
    expert.registeredAt = event.time();
    expert.persist();
  }

  @Transactional
  public void onWithdrawn(CloudEvent<?> event, ExpertWithdrawn withdrawn) {
    if (!messageLog.firstDelivery(event)) {
      return;
    }
    OwnedExpert expert = OwnedExpert.findById(withdrawn.expertId());
    if (expert == null || expert.withdrawnAt != null) {
      return;
    }
    expert.withdrawnAt = StoredTime.now();
    ExpertLicense license = ExpertLicense.findById(withdrawn.expertId());
    if (license != null) {
      audit.record(
          expert.expertId,
          withdrawn.ownerId(),
          "owner",
          LicenseAudit.Snapshot.of(license),
          null,
          withdrawn.reason() == null ? "expert withdrawn" : withdrawn.reason(),
          false);
      license.delete();
    }
    snapshots.licenseDeleted(expert.expertId);
  }
}
