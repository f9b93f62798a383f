package dev.flexmoe.testkit;

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

  private CatalogBroker broker;

  @Override
  public Map<String, String> start() {
    broker = CatalogBroker.open();
    return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
