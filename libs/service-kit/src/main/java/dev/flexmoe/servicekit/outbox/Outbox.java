package dev.flexmoe.servicekit.outbox;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.EventPayload;
import dev.flexmoe.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes events into the outbox table, inside the caller's transaction: the event exists exactly
 * when the state change it announces was committed. {@link OutboxRelay} sends it to Kafka.
 */
@ApplicationScoped
public class Outbox {

  /** Fired with each row written, so that the relay can send right after the commit. */
  public record Written(String eventId) {}

  @Inject Event<Written> written;

  /** The producing service, named in every event's CloudEvents {@code source}. */
  @ConfigProperty(name = "quarkus.application.name")
  String applicationName;

  /**
   * Writes the event announcing {@code payload}; its {@code source} is {@code /flexmoe/} and the
   * service's {@code quarkus.application.name}.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public CloudEvent<?> publish(EventPayload payload) {
    CloudEvent<?> event = CloudEvent.of("/flexmoe/" + applicationName, payload);
    OutboxEvent row = new OutboxEvent();
    row.eventId = event.id();
    row.topic = event.eventType().topic().name();
    row.eventKey = event.subject();
    row.payload = new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8);
    row.createdAt = event.time();
    row.persist();
    written.fire(new Written(row.eventId));
    return event;
  }

  /**
   * Writes a tombstone for {@code key} on a compacted {@code topic}: a record with no value, which
   * tells consumers that the entity is gone and lets compaction drop its earlier records.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void tombstone(Topic topic, String key) {
    OutboxEvent row = new OutboxEvent();
    row.eventId = UUID.randomUUID().toString();
    row.topic = topic.name();
    row.eventKey = key;
    row.payload = null;
    row.createdAt = Instant.now();
    row.persist();
    written.fire(new Written(row.eventId));
  }
}
