package dev.flexmoe.events;

import java.util.Map;

/**
 * The merge service checked an expert artifact (integrity, signature, shapes, anchor, numerics,
 * public-probe quality gate) and accepts it for merging.
 *
 * @param metrics measurements taken during validation, e.g. {@code publicProbeBitsPerByte}; empty
 *     when absent
 */
public record ExpertValidated(
    String expertId, String artifactDigest, @Nullable Map<String, Double> metrics)
    implements EventPayload {

  public ExpertValidated {
    Require.text(expertId, "expertId");
    Require.sha256(artifactDigest, "artifactDigest");
    metrics = Require.mapOrEmpty(metrics);
    metrics.forEach((name, value) -> Require.finite(value, "metrics." + name));
  }

  @Override
  public String subject() {
    return expertId;
  }
}
