package dev.flexmoe.inference;

import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.testkit.CatalogBroker;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the inference service needs around it: a broker with every flexmoe topic and the packaged
 * expert registry as a process of its own, on a database of its own. Uses the broker at {@code
 * KAFKA_BOOTSTRAP_SERVERS} and the server at {@code PG_JDBC_URL} when set.
 */
public class Platform implements QuarkusTestResourceLifecycleManager {

  /** Where the registry answers, for the tests' uploads. */
  static volatile URI registry;

  /** The broker, for the tests' own records. */
  static volatile String bootstrap;

  /** The marketplace the tests start from: one version of two experts, licensed. */
  static volatile Marketplace marketplace;

  /** The broker this resource started, to stop and restart it; null for an external one. */
  static volatile EmbeddedKafka broker;

  private final boolean ownBroker;
  private CatalogBroker kafka;
  private EmbeddedPostgres postgres;
  private PackagedService registryProcess;

  public Platform() {
    this(false);
  }

  /**
   * @param ownBroker a broker of its own even where one is shared, for a test that stops it
   */
  Platform(boolean ownBroker) {
    this.ownBroker = ownBroker;
  }

  @Override
  public Map<String, String> start() {
    kafka = ownBroker ? CatalogBroker.openOwn() : CatalogBroker.open();
    broker = kafka.embedded().orElse(null);
    bootstrap = kafka.bootstrapServers();
    postgres = EmbeddedPostgres.builder().start();
    String suffix = Long.toHexString(System.nanoTime());
    registryProcess =
        RegistryProcess.start(
            bootstrap,
            postgres.createDatabase("registry_" + suffix),
            postgres,
            Path.of("target", "registry-" + suffix));
    registry = registryProcess.baseUri();
    marketplace = Marketplace.open();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap, "flexmoe.registry.url", registry.toString());
  }

  @Override
  public void stop() {
    if (registryProcess != null) {
      registryProcess.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
