package dev.flexmoe.testkit;

import dev.flexmoe.events.Topic;
import dev.flexmoe.events.TopicCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is broker and controller at once, on
 * the loopback interface.
 *
 * <p>The broker jars are the version of the Quarkus BOM's kafka-clients; mixing versions fails at
 * run time. Internal topics have replication factor 1 and consumer groups rebalance at once, so a
 * test sees its records within milliseconds. Topics are not created automatically: a typo in a
 * topic name must fail, not silently create a second topic.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
 *   kafka.createCatalogTopics();
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final int brokerPort;
  private final int controllerPort;
  private final Path logDir;
  private final boolean ownsLogDir;
  private final Map<String, String> overrides;
  private final Thread cleanupHook;
  private KafkaRaftServer server;

  private EmbeddedKafka(Builder builder) {
    this.brokerPort = FreePorts.orPick(builder.brokerPort);
    this.controllerPort = FreePorts.orPick(builder.controllerPort);
    this.ownsLogDir = builder.logDir == null;
    this.logDir =
        ownsLogDir ? Directories.createTemp(builder.tempRoot, "flexmoe-kafka-") : builder.logDir;
    this.overrides = Map.copyOf(builder.overrides);
    this.cleanupHook = ShutdownHooks.register("embedded-kafka-cleanup", this::close);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} of the broker's PLAINTEXT listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public int controllerPort() {
    return controllerPort;
  }

  /** The directory holding the broker's and the controller's logs. */
  public Path logDir() {
    return logDir;
  }

  /** Client settings that reach this broker: a start for producer, consumer and admin configs. */
  public Map<String, Object> clientConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /** Creates every topic of the catalog, with its partitions and cleanup policy. */
  public void createCatalogTopics() {
    createTopics(bootstrapServers(), TopicCatalog.all());
  }

  /**
   * Creates topics on any broker; topics that exist already are left as they are, so this can run
   * at every start.
   */
  public static void createTopics(String bootstrapServers, Collection<Topic> topics) {
    List<NewTopic> newTopics =
        topics.stream()
            .map(
                topic ->
                    new NewTopic(topic.name(), topic.partitions(), (short) 1)
                        .configs(topic.configs()))
            .toList();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(newTopics)
          .values()
          .forEach(
              (name, result) -> {
                try {
                  result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                  if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                  throw new IllegalStateException("creating topic " + name + " timed out", e);
                }
              });
    }
  }

  /** Stops the broker, keeping its log directory, so that {@link #restart()} can resume it. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again on the same ports and log directory: committed records survive. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the broker and removes its log directory if this instance created it. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      if (ownsLogDir) {
        Directories.deleteRecursively(logDir);
      }
      ShutdownHooks.unregister(cleanupHook);
    }
  }

  private synchronized EmbeddedKafka startFirstTime() {
    try {
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format();
      }
      startServer();
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void format() {
    Formatter formatter =
        new Formatter()
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
    }
  }

  private void startServer() {
    for (int port : new int[] {brokerPort, controllerPort}) {
      if (FreePorts.inUse(port)) {
        throw new IllegalStateException(
            "cannot start Kafka: port " + port + " on 127.0.0.1 is already in use");
      }
    }
    KafkaRaftServer started =
        new KafkaRaftServer(new KafkaConfig(brokerConfig(), false), Time.SYSTEM);
    try {
      started.startup();
    } catch (RuntimeException e) {
      started.shutdown();
      throw new IllegalStateException("Kafka broker failed to start: " + e.getMessage(), e);
    }
    server = started;
    awaitReady();
    LOG.info("Kafka {} ready at {} (logs in {})", kafkaVersion(), bootstrapServers(), logDir);
  }

  private Properties brokerConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", logDir.toString());
    config.put("metadata.log.dir", logDir.toString());
    config.put("auto.create.topics.enable", "false");
    config.put("num.partitions", "1");
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "5");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "5");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("log.cleaner.enable", "true");
    config.putAll(overrides);
    Properties properties = new Properties();
    properties.putAll(config);
    return properties;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // The broker registers with its controller a moment after startup() returns.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka at " + bootstrapServers() + " not ready within " + READY_TIMEOUT);
        }
      }
    }
  }

  /** The version of the broker jars (equal to the client's, which the build enforces). */
  public static String kafkaVersion() {
    return org.apache.kafka.common.utils.AppInfoParser.getVersion();
  }

  /** Options of an {@link EmbeddedKafka}. */
  public static final class Builder {
    private int brokerPort;
    private int controllerPort;
    private Path logDir;
    private Path tempRoot;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** The client port; 0 (the default) picks a free one. */
    public Builder brokerPort(int port) {
      this.brokerPort = port;
      return this;
    }

    /** The controller's port; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    /**
     * A log directory to keep: formatted when empty, reused when it holds a broker's logs, never
     * deleted. Without it, a temporary directory is used and removed on close.
     */
    public Builder logDir(Path dir) {
      this.logDir = dir;
      return this;
    }

    /** Where the temporary log directory is created; the system temp dir by default. */
    public Builder tempRoot(Path dir) {
      this.tempRoot = dir;
      return this;
    }

    /** A broker config that replaces the default, e.g. {@code log.cleaner.backoff.ms}. */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Starts the broker and waits until it accepts clients. If it cannot start, nothing is left
     * behind (a temporary log directory is removed) and the error says why.
     */
    public EmbeddedKafka start() {
      return new EmbeddedKafka(this).startFirstTime();
    }
  }
}
