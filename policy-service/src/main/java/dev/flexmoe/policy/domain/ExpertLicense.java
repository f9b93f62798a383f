package dev.flexmoe.policy.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An owner's decision on one expert, and the state last published for it. Outside its window
 * ({@code validFrom}, {@code validUntil}) the published state is OFF whatever the owner chose.
 */
@Entity
@Table(name = "expert_license")
public class ExpertLicense extends PanacheEntityBase {

  @Id
  @Column(name = "expert_id")
  public String expertId;

  @Enumerated(EnumType.STRING)
  public LicenseState state;

  @JdbcTypeCode(SqlTypes.ARRAY)
  public List<String> tenants = new ArrayList<>();

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "license_classes")
  public List<String> licenseClasses = new ArrayList<>();

  @Column(name = "valid_from")
  public Instant validFrom;

  @Column(name = "valid_until")
  public Instant validUntil;

  @Enumerated(EnumType.STRING)
  @Column(name = "published_state")
  public LicenseState publishedState;

  /** The revision of the last published snapshot. */
  public long revision;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  /** The state to publish at {@code now}: the owner's inside the window, else OFF. */
  public LicenseState effectiveState(Instant now) {
    boolean started = validFrom == null || !now.isBefore(validFrom);
    boolean ended = validUntil != null && !now.isBefore(validUntil);
    return started && !ended ? state : LicenseState.OFF;
  }

  /** Licenses whose published state may differ from their state at {@code now}. */
  public static List<ExpertLicense> windowCandidates(Instant now) {
    return list(
        "(validUntil <= ?1 and publishedState <> ?2) or (validFrom <= ?1 and publishedState <> state)",
        now,
        LicenseState.OFF);
  }
}
