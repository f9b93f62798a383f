package dev.flexmoe.merge;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.testkit.TopicRecords;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic from its start, and writes raw records, as the tests need. */
final class Topics {

  private final String bootstrap;

  Topics(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Every record of the topic with this key, oldest first, as raw bytes. */
  List<byte[]> values(String topic, String key) {
    return TopicRecords.all(bootstrap, topic).stream()
        .filter(record -> key.equals(record.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  /** The decoded events of the topic with this key, oldest first. */
  List<CloudEvent<?>> events(String topic, String key) {
    return values(topic, key).stream().<CloudEvent<?>>map(CloudEventCodec::decode).toList();
  }

  void send(String topic, String key, byte[] value) {
    TopicRecords.send(bootstrap, topic, key, value);
  }
}
