package dev.flexmoe.registry.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered expert artifact. Its identity is the SHA-256 of {@code expert.safetensors}; the
 * bytes live in the blob store under that digest. Concurrent state changes are refused by the
 * version column (optimistic locking) instead of overwriting each other.
 */
@Entity
@Table(name = "expert")
public class Expert extends PanacheEntityBase {

  /** One query for every combination of filters: a null parameter matches every expert. */
  private static final String FILTERED =
      "(:owner is null or ownerId = :owner)"
          + " and (:domain is null or domain = :domain)"
          + " and (:state is null or state = :state)"
          + " and (:anchor is null or anchorDigest = :anchor)";

  @Id public UUID id;

  @Column(name = "owner_id")
  public String ownerId;

  public String domain;

  @Column(name = "artifact_digest")
  public String artifactDigest;

  @Column(name = "anchor_digest")
  public String anchorDigest;

  @Column(name = "artifact_bytes")
  public long artifactBytes;

  @Column(name = "format_version")
  public int formatVersion;

  /** The bytes of {@code expert.json} as uploaded, which the signature covers. */
  public byte[] manifest;

  /** Whether the upload carried a signature that one of the owner's keys verified. */
  public boolean signed;

  /** The {@code expert.sig} text of a signed upload, as received; null when unsigned. */
  public String signature;

  @Enumerated(EnumType.STRING)
  public ExpertState state;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  public static Optional<Expert> findByDigest(String artifactDigest) {
    return find("artifactDigest", artifactDigest).firstResultOptional();
  }

  /** The experts matching every non-null filter, oldest first. */
  public static PanacheQuery<Expert> filtered(
      String ownerId, String domain, ExpertState state, String anchorDigest) {
    return find(
        FILTERED,
        Sort.by("createdAt").and("id"),
        Parameters.with("owner", ownerId)
            .and("domain", domain)
            .and("state", state)
            .and("anchor", anchorDigest));
  }
}
