package dev.flexmoe.registry.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One step of an expert's history: who moved it from which state to which, when and why. */
@Entity
@Table(name = "expert_state_change")
public class StateChange extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "expert_id")
  public UUID expertId;

  /** Null for the registration itself. */
  @Enumerated(EnumType.STRING)
  @Column(name = "from_state")
  public ExpertState fromState;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_state")
  public ExpertState toState;

  /** An owner or operator (the token's subject), or the service whose event caused the change. */
  public String actor;

  public String reason;

  @Column(name = "changed_at")
  public Instant changedAt;

  public static List<StateChange> historyOf(UUID expertId) {
    return list("expertId = ?1 order by id", expertId);
  }
}
