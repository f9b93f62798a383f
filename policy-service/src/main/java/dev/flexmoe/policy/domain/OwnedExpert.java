package dev.flexmoe.policy.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An expert the registry announced, and its owner: the only one who may license it. */
@Entity
@Table(name = "owned_expert")
public class OwnedExpert extends PanacheEntityBase {

  @Id
  @Column(name = "expert_id")
  public String expertId;

  @Column(name = "owner_id")
  public String ownerId;

  public String domain;

  @Column(name = "registered_at")
  public Instant registeredAt;

  /** Set when its owner withdrew it: its license is gone for good. */
  @Column(name = "withdrawn_at")
  public Instant withdrawnAt;
}
