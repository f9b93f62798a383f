package dev.flexmoe.registry.service;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.EventPayload;
import dev.flexmoe.registry.domain.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;

/**
 * Writes events into the outbox table, inside the caller's transaction: the event exists exactly
 * when the state change it announces was committed. The messaging layer's relay sends it to Kafka.
 */
@ApplicationScoped
public class Outbox {

  /** The CloudEvents {@code source} of every event the registry produces. */
  public static final String SOURCE = "/flexmoe/expert-registry";

  /** Fired with each row written, so that the relay can send right after the commit. */
  public record Written(String eventId) {}

  @Inject Event<Written> written;

  @Transactional(Transactional.TxType.MANDATORY)
  public CloudEvent<?> publish(EventPayload payload) {
    CloudEvent<?> event = CloudEvent.of(SOURCE, payload);
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
}
