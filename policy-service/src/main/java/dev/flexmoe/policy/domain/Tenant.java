package dev.flexmoe.policy.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer of the inference API, and the license classes it holds. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "display_name")
  public String displayName;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "license_classes")
  public List<String> licenseClasses = new ArrayList<>();

  /** A suspended tenant is served by the public expert only. */
  public boolean suspended;

  public long revision;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;
}
