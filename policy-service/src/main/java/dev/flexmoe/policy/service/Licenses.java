package dev.flexmoe.policy.service;

import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.LicenseChange;
import dev.flexmoe.policy.domain.LicenseState;
import dev.flexmoe.policy.domain.OwnedExpert;
import dev.flexmoe.policy.domain.StoredTime;
import dev.flexmoe.policy.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Owners' licenses: only an expert's owner decides who may use it; an operator may only switch it
 * OFF, an emergency stop the audit marks as such. Every change is audited and published as a
 * snapshot with a revision one higher than the last.
 */
@ApplicationScoped
public class Licenses {

  @Inject Snapshots snapshots;

  @Inject LicenseAudit audit;

  @ConfigProperty(name = "policy.max-list-size")
  int maxListSize;

  /**
   * Sets the license of an expert.
   *
   * @param expectedRevision the revision the caller read (If-Match), or null to overwrite
   */
  @Transactional
  public ExpertLicense put(
      String expertId, LicenseRequest request, Caller caller, Long expectedRevision) {
    OwnedExpert expert = licensable(expertId);
    boolean emergency = !expert.ownerId.equals(caller.id()) && caller.isOperator();
    if (!emergency && !expert.ownerId.equals(caller.id())) {
      throw new NotPermittedException(
          "not-owner", null, "only the owner of expert " + expertId + " may license it");
    }
    if (emergency && request.state() != LicenseState.OFF) {
      throw new NotPermittedException(
          "operator-off-only",
          "state",
          "an operator may only switch an expert OFF; its owner decides anything else");
    }
    // The precondition first: a request made against an old revision is stale, valid or not.
    ExpertLicense license = ExpertLicense.findById(expertId);
    long current = license == null ? 0 : license.revision;
    if (expectedRevision != null && expectedRevision != current) {
      throw new StaleRevisionException(
          "stale-revision",
          "If-Match",
          "the license is at revision " + current + ", not " + expectedRevision);
    }
    Instant now = StoredTime.now();
    LicenseRules.check(request, maxListSize, now);
    LicenseAudit.Snapshot before = license == null ? null : LicenseAudit.Snapshot.of(license);
    if (license == null) {
      license = new ExpertLicense();
      license.expertId = expertId;
    }
    license.state = request.state();
    license.tenants = new ArrayList<>(request.tenants());
    license.licenseClasses = new ArrayList<>(request.licenseClasses());
    license.validFrom = request.validFrom();
    license.validUntil = request.validUntil();
    license.publishedState = license.effectiveState(now);
    license.revision = current + 1;
    license.updatedAt = now;
    license.persist();
    audit.record(
        expertId,
        caller.id(),
        caller.role(),
        before,
        LicenseAudit.Snapshot.of(license),
        request.reason(),
        emergency);
    snapshots.license(license);
    return license;
  }

  /** The license, or empty when the owner has decided nothing yet (the expert is then OFF). */
  @Transactional
  public Optional<ExpertLicense> get(String expertId, Caller caller) {
    readable(expertId, caller);
    return Optional.ofNullable(ExpertLicense.findById(expertId));
  }

  @Transactional
  public List<LicenseChange> history(String expertId, Caller caller) {
    readable(expertId, caller);
    return LicenseChange.of(expertId);
  }

  /**
   * Publishes the licenses whose window opened or closed by {@code now} with their new state; a
   * change missed while the service was down is published on its first run.
   */
  @Transactional
  public int applyWindows(Instant now) {
    int changed = 0;
    for (ExpertLicense license : ExpertLicense.windowCandidates(now)) {
      LicenseState effective = license.effectiveState(now);
      if (effective == license.publishedState) {
        continue;
      }
      LicenseAudit.Snapshot before = LicenseAudit.Snapshot.of(license);
      license.publishedState = effective;
      license.revision++;
      license.updatedAt = now;
      audit.record(
          license.expertId,
          "policy-service",
          "system",
          before,
          LicenseAudit.Snapshot.of(license),
          effective == LicenseState.OFF ? "validUntil reached" : "validFrom reached",
          false);
      snapshots.license(license);
      changed++;
    }
    return changed;
  }

  private OwnedExpert licensable(String expertId) {
    OwnedExpert expert = known(expertId);
    if (expert.withdrawnAt != null) {
      throw new WithdrawnException(
          "expert-withdrawn", null, "expert " + expertId + " was withdrawn by its owner");
    }
    return expert;
  }

  /** Its owner, operators and services read a license; other owners and tenants do not. */
  private static void readable(String expertId, Caller caller) {
    OwnedExpert expert = known(expertId);
    if (!caller.isOperator() && !caller.isService() && !expert.ownerId.equals(caller.id())) {
      throw new NotPermittedException(
          "not-owner", null, "only the owner of expert " + expertId + " may read its license");
    }
  }

  private static OwnedExpert known(String expertId) {
    OwnedExpert expert = OwnedExpert.findById(expertId);
    if (expert == null) {
      throw new NotFoundException(
          "expert-not-found", null, "no expert " + expertId + " is registered");
    }
    return expert;
  }
}
