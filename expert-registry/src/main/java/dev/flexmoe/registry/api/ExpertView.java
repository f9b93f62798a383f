package dev.flexmoe.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flexmoe.registry.domain.Expert;
import dev.flexmoe.registry.domain.ExpertState;
import java.time.Instant;
import java.util.UUID;

/**
 * An expert as the API shows it.
 *
 * @param manifest the uploaded {@code expert.json}: data statistics, training settings and metrics,
 *     visible only to its owner, operators and services
 */
public record ExpertView(
    UUID id,
    String ownerId,
    String domain,
    ExpertState state,
    String artifactDigest,
    String anchorDigest,
    long artifactBytes,
    int formatVersion,
    boolean signed,
    Instant createdAt,
    Instant updatedAt,
    JsonNode manifest) {

  static ExpertView of(Expert expert, JsonNode manifest) {
    return new ExpertView(
        expert.id,
        expert.ownerId,
        expert.domain,
        expert.state,
        expert.artifactDigest,
        expert.anchorDigest,
        expert.artifactBytes,
        expert.formatVersion,
        expert.signed,
        expert.createdAt,
        expert.updatedAt,
        manifest);
  }
}
