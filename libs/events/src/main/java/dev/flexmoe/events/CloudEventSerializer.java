package dev.flexmoe.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for flexmoe events. A null event is a tombstone, written only to topics
 * that are compacted; on an event topic of the catalog, only events of that topic's types are
 * written (dead-letter topics take any event a consumer failed on).
 */
public class CloudEventSerializer implements Serializer<CloudEvent<?>> {

  @Override
  public byte[] serialize(String topic, CloudEvent<?> event) {
    Topic catalogTopic = TopicCatalog.byName(topic).orElse(null);
    if (event == null) {
      if (catalogTopic == null || !catalogTopic.allowsTombstones()) {
        throw new SerializationException(
            topic + ": a tombstone (null event) is allowed only on a compacted catalog topic");
      }
      return null;
    }
    if (catalogTopic != null
        && TopicCatalog.eventTopics().contains(catalogTopic)
        && !event.eventType().topic().equals(catalogTopic)) {
      throw new SerializationException(
          topic + ": " + event.type() + " belongs on " + event.eventType().topic().name());
    }
    try {
      return CloudEventCodec.encode(event);
    } catch (EventFormatException e) {
      throw new SerializationException(topic + ": " + e.getMessage(), e);
    }
  }
}
