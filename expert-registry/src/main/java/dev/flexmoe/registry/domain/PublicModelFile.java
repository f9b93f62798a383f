package dev.flexmoe.registry.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One file of a public model, stored as the blob named by its SHA-256. */
@Entity
@Table(name = "public_model_file")
public class PublicModelFile extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "public_model_id")
  public UUID publicModelId;

  /** The file's name in the checkpoint directory, e.g. {@code model.safetensors}. */
  public String name;

  public String sha256;

  public long bytes;

  public static List<PublicModelFile> filesOf(UUID publicModelId) {
    return list("publicModelId", Sort.by("name"), publicModelId);
  }

  public static Optional<PublicModelFile> find(UUID publicModelId, String name) {
    return find("publicModelId = ?1 and name = ?2", publicModelId, name).firstResultOptional();
  }

  /** Whether some public model's file is stored as this blob. */
  public static boolean isStored(String sha256) {
    return count("sha256", sha256) > 0;
  }
}
