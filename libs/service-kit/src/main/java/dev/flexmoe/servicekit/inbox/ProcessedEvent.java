package dev.flexmoe.servicekit.inbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A consumed event's id, remembered so that a redelivered event changes nothing. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public String eventId;

  public String topic;

  @Column(name = "processed_at")
  public Instant processedAt;
}
