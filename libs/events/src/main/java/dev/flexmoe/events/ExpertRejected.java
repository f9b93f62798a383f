package dev.flexmoe.events;

import java.util.List;

/**
 * The merge service refused an expert artifact.
 *
 * @param reasons every check that failed, at least one
 */
public record ExpertRejected(String expertId, String artifactDigest, List<Reason> reasons)
    implements EventPayload {

  /**
   * One failed check.
   *
   * @param code a stable machine-readable name, e.g. {@code anchor-mismatch}
   * @param message what was wrong, for the owner to read
   */
  public record Reason(String code, String message) {
    public Reason {
      Require.text(code, "code");
      Require.text(message, "message");
    }
  }

  public ExpertRejected {
    Require.text(expertId, "expertId");
    Require.sha256(artifactDigest, "artifactDigest");
    reasons = List.copyOf(Require.present(reasons, "reasons"));
    if (reasons.isEmpty()) {
      throw new InvalidFieldException("reasons", "must name at least one reason");
    }
  }

  @Override
  public String subject() {
    return expertId;
  }
}
