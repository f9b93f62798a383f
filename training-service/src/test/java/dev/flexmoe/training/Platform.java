package dev.flexmoe.training;

import dev.flexmoe.platformtestkit.MergeServiceProcess;
import dev.flexmoe.platformtestkit.MicroArtifacts;
import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.platformtestkit.RegistryUploads;
import dev.flexmoe.testkit.CatalogBroker;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a data owner's training service needs around it: a broker with every flexmoe topic, the
 * packaged registry and merge service as processes of their own (each on a database of its own), a
 * micro public model registered as {@code micro-public}, and the owner's local data. The service
 * reaches the registry through a {@link RecordingProxy}, so that tests can read every byte it sent.
 * Uses the broker at {@code KAFKA_BOOTSTRAP_SERVERS} and the server at {@code PG_JDBC_URL} when
 * set.
 */
public class Platform implements QuarkusTestResourceLifecycleManager {

  static final String OWNER = "hospital";
  static final String PUBLIC_MODEL = "micro-public";

  static volatile String bootstrap;
  static volatile URI registry;
  static volatile RecordingProxy proxy;
  static volatile String publicDigest;

  private String owner = OWNER;
  private String registryRole = "owner";
  private CatalogBroker kafka;
  private EmbeddedPostgres postgres;
  private PackagedService registryProcess;
  private PackagedService mergeProcess;

  /**
   * {@code owner} and {@code registryRole} make the service another owner's, or the operator's that
   * pretrains the public model.
   */
  @Override
  public void init(Map<String, String> initArgs) {
    owner = initArgs.getOrDefault("owner", OWNER);
    registryRole = initArgs.getOrDefault("registryRole", "owner");
  }

  @Override
  public Map<String, String> start() {
    kafka = CatalogBroker.open();
    bootstrap = kafka.bootstrapServers();
    postgres = EmbeddedPostgres.builder().start();
    String suffix = Long.toHexString(System.nanoTime());
    Path work = Path.of("target", "platform-" + suffix);
    registryProcess =
        RegistryProcess.start(
            bootstrap, postgres.createDatabase("registry_" + suffix), postgres, work);
    registry = registryProcess.baseUri();
    publicDigest = new RegistryUploads(registry).ensurePublicModel(PUBLIC_MODEL, publicModel());
    mergeProcess =
        MergeServiceProcess.start(
            bootstrap, postgres.createDatabase("merge_" + suffix), postgres, registry, work);
    proxy = RecordingProxy.to(registry);
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", bootstrap);
    config.put("quarkus.datasource.jdbc.url", postgres.createDatabase("training_" + suffix));
    config.put("quarkus.datasource.username", postgres.username());
    config.put("quarkus.datasource.password", postgres.password());
    config.put("flexmoe.registry.url", proxy.uri().toString());
    config.put("training.owner", owner);
    config.put("flexmoe.registry.dev-role", registryRole);
    config.put("training.work-root", work.resolve("training").toString());
    config.put("training.progress.interval", "200ms");
    config.put("training.registry-poll-interval", "1s");
    return config;
  }

  /** The micro public model, trained once per build. */
  static Path publicModel() {
    return new MicroArtifacts(Path.of("target/micro-artifacts"), List.of(), 0).publicModel();
  }

  @Override
  public void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (AutoCloseable closeable :
          new AutoCloseable[] {mergeProcess, registryProcess, postgres, kafka}) {
        closeQuietly(closeable);
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + closeable, e);
    }
  }
}
