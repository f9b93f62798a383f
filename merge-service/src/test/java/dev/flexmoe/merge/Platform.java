package dev.flexmoe.merge;

import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.testkit.CatalogBroker;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The merge service's neighbours for a test: a Kafka broker with every catalog topic, PostgreSQL
 * with a database for each service, and the packaged registry as a process of its own. Uses the
 * broker at {@code KAFKA_BOOTSTRAP_SERVERS} and the server at {@code PG_JDBC_URL} when set.
 */
public class Platform implements QuarkusTestResourceLifecycleManager {

  /** Where the running registry answers, for the tests' own calls. */
  static volatile URI registry;

  /** The registry's own database and blob store, for tests that forge what uploads would refuse. */
  static volatile RegistryInternals registryInternals;

  record RegistryInternals(String jdbcUrl, String user, String password, Path blobs) {}

  private CatalogBroker kafka;
  private EmbeddedPostgres postgres;
  private PackagedService registryProcess;

  @Override
  public Map<String, String> start() {
    kafka = CatalogBroker.open();
    String bootstrap = kafka.bootstrapServers();
    postgres = EmbeddedPostgres.builder().start();
    String suffix = Long.toHexString(System.nanoTime());
    String mergeDatabase = postgres.createDatabase("merge_" + suffix);
    String registryDatabase = postgres.createDatabase("registry_" + suffix);
    Path work = Path.of("target", "registry-" + suffix);
    registryProcess = RegistryProcess.start(bootstrap, registryDatabase, postgres, work);
    registry = registryProcess.baseUri();
    registryInternals =
        new RegistryInternals(
            registryDatabase,
            postgres.username(),
            postgres.password(),
            Path.of("target", "registry-" + suffix, "blobs"));
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", bootstrap);
    config.put("quarkus.datasource.jdbc.url", mergeDatabase);
    config.put("quarkus.datasource.username", postgres.username());
    config.put("quarkus.datasource.password", postgres.password());
    config.put("flexmoe.registry.url", registry.toString());
    return config;
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
