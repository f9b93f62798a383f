package dev.flexmoe.testkit;

import dev.flexmoe.events.TopicCatalog;
import java.util.Optional;

/**
 * The Kafka broker of a test, with every catalog topic: the one at {@code KAFKA_BOOTSTRAP_SERVERS}
 * when that is set (as {@code .ci/run} may share one across modules), else an {@link EmbeddedKafka}
 * of its own, stopped on {@link #close()}.
 */
public final class CatalogBroker implements AutoCloseable {

  private final EmbeddedKafka started;
  private final String bootstrapServers;

  private CatalogBroker(EmbeddedKafka started, String bootstrapServers) {
    this.started = started;
    this.bootstrapServers = bootstrapServers;
  }

  public static CatalogBroker open() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    CatalogBroker broker =
        external != null && !external.isBlank()
            ? new CatalogBroker(null, external)
            : startEmbedded();
    EmbeddedKafka.createTopics(broker.bootstrapServers, TopicCatalog.all());
    return broker;
  }

  /**
   * A broker of this test's own even where one is shared: for a test that stops and restarts it,
   * which must not take the others' broker down with it.
   */
  public static CatalogBroker openOwn() {
    CatalogBroker broker = startEmbedded();
    EmbeddedKafka.createTopics(broker.bootstrapServers, TopicCatalog.all());
    return broker;
  }

  private static CatalogBroker startEmbedded() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().start();
    return new CatalogBroker(kafka, kafka.bootstrapServers());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker this started, for tests that stop and restart it; empty for a shared one. */
  public Optional<EmbeddedKafka> embedded() {
    return Optional.ofNullable(started);
  }

  @Override
  public void close() {
    if (started != null) {
      started.close();
    }
  }
}
