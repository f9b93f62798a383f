package dev.flexmoe.testkit;

import dev.flexmoe.events.TopicCatalog;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a Kafka broker with every catalog topic, handed to the application as
 * {@code kafka.bootstrap.servers}. Uses the broker at {@code KAFKA_BOOTSTRAP_SERVERS} when that is
 * set (creating missing catalog topics there), else starts an {@link EmbeddedKafka}.
 *
 * <pre>{@code @QuarkusTestResource(KafkaTestResource.class)}</pre>
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    String bootstrap;
    if (external != null && !external.isBlank()) {
      bootstrap = external;
    } else {
      kafka = EmbeddedKafka.builder().start();
      bootstrap = kafka.bootstrapServers();
    }
    EmbeddedKafka.createTopics(bootstrap, TopicCatalog.all());
    return Map.of("kafka.bootstrap.servers", bootstrap);
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }
}
