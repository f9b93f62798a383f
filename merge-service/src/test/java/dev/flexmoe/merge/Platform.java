package dev.flexmoe.merge;

import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

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

  private EmbeddedKafka kafka;
  private EmbeddedPostgres postgres;
  private PackagedService registryProcess;

  @Override
  public Map<String, String> start() {
    String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (bootstrap == null || bootstrap.isBlank()) {
      kafka = EmbeddedKafka.builder().start();
      bootstrap = kafka.bootstrapServers();
    }
    EmbeddedKafka.createTopics(bootstrap, TopicCatalog.all());
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

  /** Waits until {@code process} answers 200 at {@code health}; fails if it exits first. */
  static void awaitReady(URI health, Process process, String name) {
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await(name + " ready")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .failFast(name + " exited", () -> !process.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
