package dev.flexmoe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.TopicCatalog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus application on the test resources, as a service will use them: poison records go to the
 * channel's dead-letter topic with the reason, and the consumer keeps consuming.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class QuarkusTestResourcesTest {

  private static final String DLQ = TopicCatalog.deadLetterTopic("expert-registry").name();

  @Inject ExpertEventsConsumer consumer;
  @Inject DataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withdrawal(String expertId, String reason) {
    return CloudEventCodec.encode(
        CloudEvent.of("/flexmoe/test", new ExpertWithdrawn(expertId, "owner-1", reason)));
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndConsumptionContinues() throws Exception {
    String key = "exp-" + UUID.randomUUID();
    byte[] first = withdrawal(key, "first");
    byte[] notJson = utf8("{\"specversion\": \"1.0\", \"id\": ");
    byte[] wrongType =
        new String(withdrawal(key, "wrong type"), StandardCharsets.UTF_8)
            .replace("\"ownerId\":\"owner-1\"", "\"ownerId\":42")
            .getBytes(StandardCharsets.UTF_8);
    byte[] missingId =
        new String(withdrawal(key, "missing id"), StandardCharsets.UTF_8)
            .replaceFirst("\"id\":\"[^\"]+\",", "")
            .getBytes(StandardCharsets.UTF_8);
    byte[] failsProcessing = withdrawal(key, ExpertEventsConsumer.FAIL_PROCESSING);
    byte[] last = withdrawal(key, "last");
    List<byte[]> poison = List.of(notJson, wrongType, missingId, failsProcessing);

    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (byte[] value : List.of(first, notJson, wrongType, missingId, failsProcessing, last)) {
        producer.send(new ProducerRecord<>(TopicCatalog.EXPERTS.name(), key, value)).get();
      }
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        consumer.received().stream()
                            .filter(event -> event.subject().equals(key))
                            .map(event -> ((ExpertWithdrawn) event.data()).reason()))
                    .containsExactly("first", "last"));
    List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> dlq =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-reader-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      dlq.subscribe(List.of(DLQ));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().filter(record -> key.equals(record.key())).count()
                    >= poison.size();
              });
    }
    List<ConsumerRecord<String, byte[]>> ours =
        dead.stream().filter(record -> key.equals(record.key())).toList();

    assertThat(ours).hasSize(poison.size());
    for (int i = 0; i < poison.size(); i++) {
      assertThat(ours.get(i).value())
          .as("dead letter %d keeps the original bytes", i)
          .isEqualTo(poison.get(i));
    }
    assertThat(reason(ours.get(0))).contains("not valid JSON");
    assertThat(reason(ours.get(1))).contains("field 'data.ownerId' has the wrong type");
    assertThat(reason(ours.get(2))).contains("field 'id' is required");
    assertThat(reason(ours.get(3))).contains("cannot process");
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("dead-letter-reason");
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void theDatasourceIsAFreshPostgresMigratedByFlyway() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT version(), (SELECT count(*) FROM flyway_schema_history WHERE success),"
                    + " (SELECT count(*) FROM expert)")) {
      result.next();
      assertThat(result.getString(1)).startsWith("PostgreSQL");
      assertThat(result.getInt(2)).isEqualTo(1);
      assertThat(result.getInt(3)).isZero();
    }
  }
}
