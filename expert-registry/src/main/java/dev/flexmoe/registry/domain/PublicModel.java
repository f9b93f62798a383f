package dev.flexmoe.registry.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A public model (anchor) that experts are trained against, known by the digest of its files (held
 * as {@link PublicModelFile}s) and by its {@code config.json}, from which an expert's tensor shapes
 * follow.
 */
@Entity
@Table(name = "public_model")
public class PublicModel extends PanacheEntityBase {

  @Id public UUID id;

  public String name;

  public String digest;

  /** The HF {@code config.json}, as uploaded. */
  public String config;

  @Column(name = "hidden_size")
  public int hiddenSize;

  @Column(name = "intermediate_size")
  public int intermediateSize;

  @Column(name = "num_layers")
  public int numLayers;

  @Column(name = "registered_by")
  public String registeredBy;

  @Column(name = "registered_at")
  public Instant registeredAt;

  public static Optional<PublicModel> findByDigest(String digest) {
    return find("digest", digest).firstResultOptional();
  }
}
