package dev.flexmoe.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.policy.domain.LicenseChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** One audited change of a license: who, when, the license before and after, and why. */
public record ChangeView(
    String actor,
    String actorRole,
    Instant changedAt,
    JsonNode before,
    JsonNode after,
    String reason,
    boolean emergency) {

  static ChangeView of(LicenseChange change, ObjectMapper json) {
    try {
      return new ChangeView(
          change.actor,
          change.actorRole,
          change.changedAt,
          change.before == null ? null : json.readTree(change.before),
          change.after == null ? null : json.readTree(change.after),
          change.reason,
          change.emergency);
    } catch (IOException e) {
      throw new UncheckedIOException("the audit of " + change.expertId + " does not parse", e);
    }
  }
}
