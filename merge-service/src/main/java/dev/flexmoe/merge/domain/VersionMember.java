package dev.flexmoe.merge.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One expert of a model version; its position in the version's list is its router row - 1. */
@Embeddable
public class VersionMember {

  @Column(name = "expert_id")
  public String expertId;

  @Column(name = "artifact_digest")
  public String artifactDigest;

  public String domain;

  public VersionMember() {}

  public VersionMember(String expertId, String artifactDigest, String domain) {
    this.expertId = expertId;
    this.artifactDigest = artifactDigest;
    this.domain = domain;
  }
}
