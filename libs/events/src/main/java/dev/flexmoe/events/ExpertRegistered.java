package dev.flexmoe.events;

/**
 * A data owner registered an expert artifact; it is now {@code SUBMITTED} and waits for validation.
 *
 * @param expertId the registry's id of the expert
 * @param ownerId the data owner who registered it
 * @param domain the owner's name for the data the expert was trained on (e.g. {@code news})
 * @param artifactDigest SHA-256 of {@code expert.safetensors}
 * @param anchorDigest SHA-256 identity of the public model the expert was trained against
 * @param artifactBytes size of {@code expert.safetensors}
 * @param formatVersion version of the expert artifact format
 */
public record ExpertRegistered(
    String expertId,
    String ownerId,
    String domain,
    String artifactDigest,
    String anchorDigest,
    Long artifactBytes,
    Integer formatVersion)
    implements EventPayload {

  public ExpertRegistered {
    Require.text(expertId, "expertId");
    Require.text(ownerId, "ownerId");
    Require.text(domain, "domain");
    Require.sha256(artifactDigest, "artifactDigest");
    Require.sha256(anchorDigest, "anchorDigest");
    Require.atLeast(artifactBytes, 1, "artifactBytes");
    Require.atLeast(formatVersion, 1, "formatVersion");
  }

  @Override
  public String subject() {
    return expertId;
  }
}
