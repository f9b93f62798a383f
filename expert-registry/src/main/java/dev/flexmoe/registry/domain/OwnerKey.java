package dev.flexmoe.registry.domain;

import dev.flexmoe.model.artifact.Digests;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An owner's Ed25519 public key (X.509 SubjectPublicKeyInfo). Once an owner has one, every upload
 * of theirs must be signed by one of their keys.
 */
@Entity
@Table(name = "owner_key")
public class OwnerKey extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "owner_id")
  public String ownerId;

  @Column(name = "public_key")
  public byte[] publicKey;

  @Column(name = "registered_by")
  public String registeredBy;

  @Column(name = "registered_at")
  public Instant registeredAt;

  /** The owner's keys, oldest first. */
  public static List<OwnerKey> keysOf(String ownerId) {
    return list("ownerId", Sort.by("registeredAt").and("id"), ownerId);
  }

  /** The key's name: the SHA-256 of its X.509 encoding. */
  public String fingerprint() {
    return Digests.sha256(publicKey);
  }
}
