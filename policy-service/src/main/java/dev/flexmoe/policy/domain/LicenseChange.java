package dev.flexmoe.policy.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One change of a license, as the audit keeps it: the license as JSON before and after. */
@Entity
@Table(name = "license_change")
public class LicenseChange extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "expert_id")
  public String expertId;

  public String actor;

  @Column(name = "actor_role")
  public String actorRole;

  @Column(name = "changed_at")
  public Instant changedAt;

  public String before;

  public String after;

  public String reason;

  /** An operator's emergency stop. */
  public boolean emergency;

  public static List<LicenseChange> of(String expertId) {
    return list("expertId", Sort.by("id"), expertId);
  }
}
