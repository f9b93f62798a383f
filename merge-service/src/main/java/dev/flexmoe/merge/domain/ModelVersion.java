package dev.flexmoe.merge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A numbered version of a served model: the public model and its experts in router-row order. Its
 * contents never change; a candidate only becomes published.
 */
@Entity
@Table(name = "model_version")
public class ModelVersion extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "model_name")
  public String modelName;

  public long number;

  @Column(name = "public_digest")
  public String publicDigest;

  @Column(name = "top_k")
  public int topK;

  @Enumerated(EnumType.STRING)
  public VersionTrigger trigger;

  @Enumerated(EnumType.STRING)
  public VersionStatus status;

  /** For a rollback, the version whose contents it restores. */
  @Column(name = "rolled_back_from")
  public Long rolledBackFrom;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "published_at")
  public Instant publishedAt;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "model_version_expert", joinColumns = @JoinColumn(name = "version_id"))
  @OrderColumn(name = "position")
  public List<VersionMember> experts = new ArrayList<>();

  public static Optional<ModelVersion> find(String modelName, long number) {
    return find("modelName = ?1 and number = ?2", modelName, number).firstResultOptional();
  }

  /** The highest-numbered version of a model, candidate or published. */
  public static Optional<ModelVersion> latest(String modelName) {
    return find("modelName", Sort.descending("number"), modelName).firstResultOptional();
  }

  /** The version served now: the highest-numbered published one. */
  public static Optional<ModelVersion> served(String modelName) {
    return find(
            "modelName = ?1 and status = ?2",
            Sort.descending("number"),
            modelName,
            VersionStatus.PUBLISHED)
        .firstResultOptional();
  }

  public static List<String> modelNames() {
    return getEntityManager()
        .createQuery(
            "select distinct v.modelName from ModelVersion v order by v.modelName", String.class)
        .getResultList();
  }
}
