package dev.flexmoe.registry.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * An expert in the latest published version of a model. While any row refers to an expert, its
 * artifact stays downloadable, even after the owner withdrew it: the served version needs it until
 * the next version leaves it out.
 */
@Entity
@Table(name = "model_version_expert")
@IdClass(ModelVersionExpert.Key.class)
public class ModelVersionExpert extends PanacheEntityBase {

  @Id
  @Column(name = "model_name")
  public String modelName;

  @Id
  @Column(name = "expert_id")
  public UUID expertId;

  public long version;

  /** The composite primary key. */
  public static class Key implements Serializable {
    public String modelName;
    public UUID expertId;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(modelName, key.modelName)
          && Objects.equals(expertId, key.expertId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(modelName, expertId);
    }
  }

  public static boolean refersTo(UUID expertId) {
    return count("expertId", expertId) > 0;
  }
}
