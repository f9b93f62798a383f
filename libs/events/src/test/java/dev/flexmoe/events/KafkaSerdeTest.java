package dev.flexmoe.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class KafkaSerdeTest {

  private final CloudEventSerializer serializer = new CloudEventSerializer();
  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

  private static CloudEvent<?> sample(EventType type) {
    return CloudEventCodec.decode(Samples.bytes(type));
  }

  @Test
  void eventsRoundTripThroughKafkaSerde() {
    for (EventType type : EventType.values()) {
      CloudEvent<?> event = sample(type);
      String topic = type.topic().name();

      assertThat(deserializer.deserialize(topic, serializer.serialize(topic, event)))
          .isEqualTo(event);
    }
  }

  @Test
  void tombstonesOnlyOnCompactedTopics() {
    String policies = TopicCatalog.EXPERT_POLICIES.name();
    String experts = TopicCatalog.EXPERTS.name();

    assertThat(serializer.serialize(policies, null)).isNull();
    assertThat(deserializer.deserialize(policies, null)).isNull();
    assertThatThrownBy(() -> serializer.serialize(experts, null))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("tombstone");
    assertThatThrownBy(() -> deserializer.deserialize(experts, null))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("tombstone");
  }

  @Test
  void anEventIsWrittenAndReadOnlyOnItsOwnTopic() {
    CloudEvent<?> registered = sample(EventType.EXPERT_REGISTERED);
    byte[] bytes = serializer.serialize(TopicCatalog.EXPERTS.name(), registered);

    assertThatThrownBy(() -> serializer.serialize(TopicCatalog.VALIDATIONS.name(), registered))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("belongs on flexmoe.experts.v1");
    assertThatThrownBy(() -> deserializer.deserialize(TopicCatalog.USAGE.name(), bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("does not belong here");
  }

  @Test
  void deadLetterTopicsTakeAnyEvent() {
    String dlq = TopicCatalog.deadLetterTopic("merge-service").name();
    for (EventType type : EventType.values()) {
      CloudEvent<?> event = sample(type);

      assertThat(deserializer.deserialize(dlq, serializer.serialize(dlq, event))).isEqualTo(event);
    }
  }

  @Test
  void malformedRecordsFailWithTheFieldInTheMessage() {
    byte[] noId =
        new String(Samples.bytes(EventType.EXPERT_WITHDRAWN), StandardCharsets.UTF_8)
            .replace("\"id\"", "\"identifier\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> deserializer.deserialize(TopicCatalog.EXPERTS.name(), noId))
        .isInstanceOf(SerializationException.class)
        .hasMessage("flexmoe.experts.v1: dev.flexmoe.ExpertWithdrawn.v1: field 'id' is required");
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    TopicCatalog.EXPERTS.name(), "not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not valid JSON");
  }
}
