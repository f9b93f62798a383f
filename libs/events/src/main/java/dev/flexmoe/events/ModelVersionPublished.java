package dev.flexmoe.events;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A new version of a served model: the public model plus these experts, merged with no training.
 * The router of the version is the public row (row 0) followed by each expert's row at {@code
 * routerRow}.
 *
 * @param modelName the served model's name; the record key (the topic is compacted, so the latest
 *     version per model is kept)
 * @param version increases by one with each publication of {@code modelName}
 * @param publicDigest SHA-256 identity of the public model (expert 0)
 * @param experts the merged experts, in router-row order
 * @param topK experts active per token
 * @param manifestDigest SHA-256 of the version manifest, if one was written
 */
public record ModelVersionPublished(
    String modelName,
    Long version,
    String publicDigest,
    List<Expert> experts,
    Integer topK,
    @Nullable String manifestDigest)
    implements EventPayload {

  /**
   * One merged expert.
   *
   * @param routerRow its row in the merged router, 1-based (row 0 is the public expert)
   */
  public record Expert(String expertId, String artifactDigest, Integer routerRow) {
    public Expert {
      Require.text(expertId, "expertId");
      Require.sha256(artifactDigest, "artifactDigest");
      Require.atLeast(routerRow, 1, "routerRow");
    }
  }

  public ModelVersionPublished {
    Require.text(modelName, "modelName");
    Require.atLeast(version, 1, "version");
    Require.sha256(publicDigest, "publicDigest");
    experts = List.copyOf(Require.present(experts, "experts"));
    Require.atLeast(topK, 1, "topK");
    if (topK > experts.size() + 1) {
      throw new InvalidFieldException(
          "topK", "is " + topK + " but the version has only " + (experts.size() + 1) + " experts");
    }
    if (manifestDigest != null) {
      Require.sha256(manifestDigest, "manifestDigest");
    }
    Set<Integer> rows = new HashSet<>();
    for (Expert expert : experts) {
      if (expert.routerRow() > experts.size() || !rows.add(expert.routerRow())) {
        throw new InvalidFieldException(
            "experts", "must hold router rows 1.." + experts.size() + ", each once");
      }
    }
  }

  @Override
  public String subject() {
    return modelName;
  }
}
