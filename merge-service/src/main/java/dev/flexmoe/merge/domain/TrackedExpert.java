package dev.flexmoe.merge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/** A registered expert as the merge service knows it: its verdict and its place in versions. */
@Entity
@Table(name = "tracked_expert")
public class TrackedExpert extends PanacheEntityBase {

  @Id
  @Column(name = "expert_id")
  public String expertId;

  @Column(name = "owner_id")
  public String ownerId;

  public String domain;

  @Column(name = "artifact_digest")
  public String artifactDigest;

  @Column(name = "anchor_digest")
  public String anchorDigest;

  /** The served model's name: the anchor's registered name; null for an unknown anchor. */
  @Column(name = "model_name")
  public String modelName;

  @Enumerated(EnumType.STRING)
  public ExpertStatus state;

  /** The validation report, as JSON. */
  public String report;

  /** When the registry registered it (the event's time), for the registration-to-serving time. */
  @Column(name = "registered_at")
  public Instant registeredAt;

  @Column(name = "decided_at")
  public Instant decidedAt;

  @Column(name = "withdrawn_at")
  public Instant withdrawnAt;

  /** The order validated experts enter versions in; null for a rejected one. */
  @Column(name = "merge_order")
  public Long mergeOrder;

  /** Whether the next version of its model must take it in or leave it out. */
  @Column(name = "needs_merge")
  public boolean needsMerge;

  @Version public long version;

  /** The anchors whose model has changes waiting for a version. */
  public static List<String> anchorsWithChanges() {
    return getEntityManager()
        .createQuery(
            "select distinct e.anchorDigest from TrackedExpert e where e.needsMerge", String.class)
        .getResultList();
  }

  public static List<TrackedExpert> waiting(String anchorDigest) {
    return list("anchorDigest = ?1 and needsMerge = true order by mergeOrder", anchorDigest);
  }
}
