package dev.flexmoe.merge.api;

import dev.flexmoe.merge.domain.ModelVersion;
import dev.flexmoe.merge.domain.VersionMember;
import dev.flexmoe.merge.domain.VersionStatus;
import dev.flexmoe.merge.domain.VersionTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A model version's manifest as the API shows it.
 *
 * @param experts in router-row order (row 0 is the public model's)
 * @param rolledBackFrom for a rollback, the version whose contents it restores
 */
public record VersionView(
    String modelName,
    long version,
    VersionStatus status,
    VersionTrigger trigger,
    String publicDigest,
    int topK,
    List<Expert> experts,
    Long rolledBackFrom,
    Instant createdAt,
    Instant publishedAt) {

  /** One merged expert and its router row. */
  public record Expert(String expertId, String artifactDigest, String domain, int routerRow) {}

  static VersionView of(ModelVersion version) {
    List<Expert> experts = new ArrayList<>();
    for (int i = 0; i < version.experts.size(); i++) {
      VersionMember member = version.experts.get(i);
      experts.add(new Expert(member.expertId, member.artifactDigest, member.domain, i + 1));
    }
    return new VersionView(
        version.modelName,
        version.number,
        version.status,
        version.trigger,
        version.publicDigest,
        version.topK,
        experts,
        version.rolledBackFrom,
        version.createdAt,
        version.publishedAt);
  }
}
