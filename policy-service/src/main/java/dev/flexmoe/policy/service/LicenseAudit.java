package dev.flexmoe.policy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.LicenseChange;
import dev.flexmoe.policy.domain.StoredTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Writes a license's change into the audit, in the same transaction as the change. */
@ApplicationScoped
public class LicenseAudit {

  @Inject ObjectMapper json;

  /** The license's fields as the audit keeps them. */
  public record Snapshot(
      String state,
      java.util.List<String> tenants,
      java.util.List<String> licenseClasses,
      Instant validFrom,
      Instant validUntil,
      String publishedState,
      long revision) {

    static Snapshot of(ExpertLicense license) {
      return new Snapshot(
          license.state.name(),
          license.tenants,
          license.licenseClasses,
          license.validFrom,
          license.validUntil,
          license.publishedState.name(),
          license.revision);
    }
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void record(
      String expertId,
      String actor,
      String role,
      Snapshot before,
      Snapshot after,
      String reason,
      boolean emergency) {
    LicenseChange change = new LicenseChange();
    change.expertId = expertId;
    change.actor = actor;
    change.actorRole = role;
    change.changedAt = StoredTime.now();
    change.before = write(before);
    change.after = write(after);
    change.reason = reason;
    change.emergency = emergency;
    change.persist();
  }

  private String write(Snapshot snapshot) {
    if (snapshot == null) {
      return null;
    }
    try {
      return json.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a license snapshot is always serializable", e);
    }
  }
}
