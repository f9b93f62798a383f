package dev.flexmoe.merge.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.merge.domain.ExpertStatus;
import dev.flexmoe.merge.domain.TrackedExpert;
import dev.flexmoe.merge.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** An expert's validation report, for its owner, operators and services. */
@ApplicationScoped
public class ExpertReports {

  @Inject ObjectMapper json;

  /** The verdict on one expert, with the report it was decided on. */
  public record Verdict(
      String expertId,
      String ownerId,
      String domain,
      String anchorDigest,
      ExpertStatus state,
      Instant decidedAt,
      ReportDocument report) {}

  @Transactional
  public Verdict of(String expertId, Caller caller) {
    TrackedExpert expert = TrackedExpert.findById(expertId);
    // Another owner's expert is reported as absent, as the registry does.
    if (expert == null || !caller.maySeeExpertsOf(expert.ownerId)) {
      throw new NotFoundException(
          "expert-not-found", null, "no validation of expert " + expertId + " is known");
    }
    try {
      return new Verdict(
          expert.expertId,
          expert.ownerId,
          expert.domain,
          expert.anchorDigest,
          expert.state,
          expert.decidedAt,
          json.readValue(expert.report, ReportDocument.class));
    } catch (IOException e) {
      throw new UncheckedIOException("the stored report of " + expertId + " does not parse", e);
    }
  }
}
