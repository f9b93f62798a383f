package dev.flexmoe.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for flexmoe events.
 *
 * <p>A record that is not a valid event of the catalog, or an event on a topic its type does not
 * belong on, fails with a {@link SerializationException} whose message names the field. Configured
 * with SmallRye's {@code failure-strategy=dead-letter-queue}, such a record goes to the service's
 * dead-letter topic and the channel goes on with the next one. A null value (tombstone) is returned
 * as null on compacted topics and refused elsewhere.
 *
 * <p>The name mirrors {@link CloudEventSerializer}: SmallRye derives the dead-letter producer's
 * serializer from the deserializer's class name.
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent<?>> {

  @Override
  public CloudEvent<?> deserialize(String topic, byte[] data) {
    Topic catalogTopic = TopicCatalog.byName(topic).orElse(null);
    if (data == null) {
      if (catalogTopic != null && catalogTopic.allowsTombstones()) {
        return null;
      }
      throw new SerializationException(
          topic + ": a record without a value (tombstone) is allowed only on a compacted topic");
    }
    CloudEvent<?> event;
    try {
      event = CloudEventCodec.decode(data);
    } catch (EventFormatException e) {
      throw new SerializationException(topic + ": " + e.getMessage(), e);
    }
    if (catalogTopic != null
        && TopicCatalog.eventTopics().contains(catalogTopic)
        && !event.eventType().topic().equals(catalogTopic)) {
      throw new SerializationException(
          topic
              + ": "
              + event.type()
              + " does not belong here but on "
              + event.eventType().topic().name());
    }
    return event;
  }
}
