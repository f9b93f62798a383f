package dev.flexmoe.events;

import java.util.Map;

/**
 * A training job ended.
 *
 * @param artifactDigest SHA-256 of the expert artifact it produced, when it succeeded
 * @param expertId the registry id, when the artifact was also registered
 * @param metrics final metrics, e.g. {@code validationBitsPerByte}; empty when absent
 * @param error what went wrong, when it failed
 */
public record TrainingFinished(
    String jobId,
    Outcome outcome,
    @Nullable String artifactDigest,
    @Nullable String expertId,
    @Nullable Map<String, Double> metrics,
    @Nullable String error)
    implements EventPayload {

  /** How a job ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  public TrainingFinished {
    Require.text(jobId, "jobId");
    Require.present(outcome, "outcome");
    metrics = Require.mapOrEmpty(metrics);
    metrics.forEach((name, value) -> Require.finite(value, "metrics." + name));
    if (outcome == Outcome.SUCCEEDED) {
      Require.sha256(artifactDigest, "artifactDigest");
    }
    if (outcome == Outcome.FAILED) {
      Require.text(error, "error");
    }
  }

  @Override
  public String subject() {
    return jobId;
  }
}
