package dev.flexmoe.servicekit.inbox;

import dev.flexmoe.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The ids of the events this service has consumed. Kafka delivers at least once; remembering the id
 * in the same transaction as the state change makes each event count once.
 */
@ApplicationScoped
public class MessageLog {

  /** Records the event as processed; false when it was processed before and must be skipped. */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean firstDelivery(CloudEvent<?> event) {
    if (ProcessedEvent.findById(event.id()) != null) {
      return false;
    }
    ProcessedEvent processed = new ProcessedEvent();
    processed.eventId = event.id();
    processed.topic = event.eventType().topic().name();
    processed.processedAt = Instant.now();
    processed.persist();
    return true;
  }
}
