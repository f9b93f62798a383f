package dev.flexmoe.servicekit.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An event waiting to be relayed to Kafka, written in the same transaction as the state change it
 * announces. {@code payload} is the complete CloudEvent, so a re-send after a crash carries the
 * same id and downstream consumers drop it as a duplicate; a row without payload is a tombstone.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "event_id")
  public String eventId;

  public String topic;

  @Column(name = "event_key")
  public String eventKey;

  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;
}
