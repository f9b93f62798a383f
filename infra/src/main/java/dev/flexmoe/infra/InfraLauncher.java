package dev.flexmoe.infra;

import dev.flexmoe.events.Topic;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.ShutdownHooks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the infrastructure of the embedded run: one Kafka broker with every catalog topic and one
 * PostgreSQL server, on fixed ports, until Ctrl-C or SIGTERM stops both and removes what they left.
 */
@Command(
    name = "flexmoe-infra",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Kafka (with every flexmoe topic) and PostgreSQL for the embedded run, prints the"
          + " connection settings, and runs until Ctrl-C or SIGTERM."
    })
public final class InfraLauncher implements Callable<Integer> {

  @Option(names = "--kafka-port", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
  int kafkaPort = 9092;

  @Option(
      names = "--kafka-controller-port",
      description = "Kafka controller port (default: ${DEFAULT-VALUE}).")
  int kafkaControllerPort = 9093;

  @Option(names = "--postgres-port", description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
  int postgresPort = 5432;

  /** Where the launcher's PostgreSQL comes from; it always starts its own. */
  enum PostgresSource {
    /** The machine's PostgreSQL binaries if it has them, else zonky's. */
    AUTO,
    LOCAL,
    ZONKY
  }

  @Option(
      names = "--postgres",
      description =
          "PostgreSQL binaries to run: ${COMPLETION-CANDIDATES}; auto takes the machine's if"
              + " installed, else the ones packaged in a jar (default: ${DEFAULT-VALUE}).")
  PostgresSource postgresSource = PostgresSource.AUTO;

  @Option(
      names = "--data-dir",
      description =
          "Keep Kafka logs and PostgreSQL data here across runs. Without it, both live in"
              + " temporary directories that are deleted on stop.")
  Path dataDir;

  @Option(
      names = "--env-file",
      description = "Also write the connection settings to this file (KEY=value lines).")
  Path envFile;

  @Option(
      names = "--services",
      split = ",",
      description =
          "Services to run beside Kafka and PostgreSQL, each with a database of its own"
              + " (default: ${DEFAULT-VALUE}; 'none' for none). Needs the checkout (FLEXMOE_HOME,"
              + " set by bin/flexmoe-infra).")
  List<String> services =
      List.of(
          "expert-registry",
          "merge-service",
          "policy-service",
          "inference-service",
          "training-service");

  @Option(
      names = "--inference-replicas",
      description =
          "Inference services to run, each its own reader of the changelogs as replicas behind a"
              + " load balancer are (default: ${DEFAULT-VALUE}; the first on 8084, the next on"
              + " 8092, 8093, ...).")
  int inferenceReplicas = 1;

  @Option(
      names = "--owner-only",
      description =
          "Run what a data owner runs: the training service (with Kafka and PostgreSQL), its"
              + " registry at --registry-url.")
  boolean ownerOnly;

  @Option(
      names = "--demo",
      description =
          "Seed a demo marketplace on the first start (a public model, three owners' experts"
              + " trained through their training services, licensed) and print calls to try."
              + " Keeps its data in FLEXMOE_HOME/.flexmoe/demo unless --data-dir says otherwise,"
              + " so that later starts find it in place.")
  boolean demo;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "The registry the services use, when it is not the one started here.")
  String registryUrl;

  private final PrintStream out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  InfraLauncher(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.out).execute(args));
  }

  static CommandLine commandLine(PrintStream out) {
    CommandLine commandLine = new CommandLine(new InfraLauncher(out));
    // A failure to start is the user's environment (a port in use, a missing tool): one clear
    // line on stderr, no stack trace.
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("flexmoe-infra: " + rootMessage(e));
          return 1;
        });
    return commandLine;
  }

  @Override
  public Integer call() throws Exception {
    if (ownerOnly && registryUrl == null) {
      // Without it the owner's service would look for a registry on this machine that is not here.
      throw new IllegalArgumentException(
          "--owner-only needs --registry-url: the registry the owner's training service uses");
    }
    if (ownerOnly && demo) {
      throw new IllegalArgumentException(
          "--owner-only and --demo do not go together: the demo runs the whole marketplace");
    }
    long startedAt = System.nanoTime();
    String home = System.getenv("FLEXMOE_HOME");
    if (demo && dataDir == null && home != null) {
      dataDir = Path.of(home, ".flexmoe", "demo");
    }
    CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(this::startKafka);
    CompletableFuture<EmbeddedPostgres> postgres =
        CompletableFuture.supplyAsync(this::startPostgres);
    try {
      // Wait for both, so that a failure of one never leaves the other starting unattended.
      CompletableFuture.allOf(kafka, postgres).join();
    } catch (CompletionException e) {
      kafka.thenAccept(EmbeddedKafka::close);
      postgres.thenAccept(EmbeddedPostgres::close);
      throw e;
    }
    Infrastructure infrastructure = new Infrastructure(kafka.join(), postgres.join());
    // Before the servers' own cleanup: the services drain into Kafka and PostgreSQL as they stop.
    ShutdownHooks.beforeServers(
        "flexmoe-infra-stop",
        () -> {
          stopping = true;
          infrastructure.close();
          out.println("flexmoe infrastructure stopped");
          out.flush();
          stopped.countDown();
        });
    infrastructure.kafka().createCatalogTopics();
    printReady(infrastructure, (System.nanoTime() - startedAt) / 1e9);
    startServices(infrastructure);
    if (demo && !infrastructure.services().isEmpty()) {
      try {
        new DemoSeed(Path.of(home), out).seed();
      } catch (Exception e) {
        if (!stopping) {
          throw e;
        }
        // Stopped while seeding: the services went away under the seed's calls. The next start
        // carries the seed on from where it is.
      }
    }
    if (!infrastructure.services().isEmpty() && !stopping) {
      out.println("flexmoe ready. Press Ctrl-C to stop.");
      out.flush();
    }
    stopped.await();
    return 0;
  }

  /**
   * Starts each service in its own process with a database of its own, the registry first (the
   * others fetch from it), waits until each known one is up, and prints their table; the
   * infrastructure stops them before itself. Without a checkout (FLEXMOE_HOME) there is nothing to
   * start.
   */
  private void startServices(Infrastructure infrastructure) throws IOException {
    String home = System.getenv("FLEXMOE_HOME");
    List<String> chosen = ownerOnly ? List.of(ServiceCatalog.TRAINING) : services;
    if (chosen.equals(List.of("none")) || chosen.isEmpty()) {
      return;
    }
    if (home == null || home.isBlank()) {
      out.println("services: not started (FLEXMOE_HOME is not set; run bin/flexmoe-infra)");
      return;
    }
    if (inferenceReplicas < 1) {
      throw new IllegalArgumentException("--inference-replicas must be at least 1");
    }
    Path serviceData;
    if (dataDir != null) {
      serviceData = dataDir.resolve("services");
    } else {
      serviceData = Directories.createTemp(null, "flexmoe-services");
      infrastructure.temporaryDirectories().add(serviceData);
    }
    List<ServiceProcess> first = new ArrayList<>();
    List<ServiceProcess> rest = new ArrayList<>();
    for (String service : chosen) {
      for (Instance instance : instances(service)) {
        ServiceProcess process = start(infrastructure, Path.of(home), serviceData, instance);
        (service.equals(ServiceCatalog.REGISTRY) ? first : rest).add(process);
        if (service.equals(ServiceCatalog.REGISTRY)) {
          process.awaitUp(); // the others fetch from it from their first second
        }
      }
    }
    for (ServiceProcess process : rest) {
      process.awaitUp();
    }
    printStatus(infrastructure.services());
    watchForDeaths(infrastructure.services());
  }

  /** One process to start: which service, under what name, on which port, with what else. */
  private record Instance(
      String service, String name, Optional<Integer> port, Map<String, String> environment) {}

  /**
   * The processes of one service: its inference replicas, or the demo owners' training services.
   */
  private List<Instance> instances(String service) {
    Optional<ServiceCatalog.Known> known = ServiceCatalog.known(service);
    List<Instance> instances = new ArrayList<>();
    if (service.equals(ServiceCatalog.INFERENCE)) {
      for (int replica = 1; replica <= inferenceReplicas; replica++) {
        int port =
            replica == 1 ? known.orElseThrow().port() : ServiceCatalog.REPLICA_PORTS + replica;
        instances.add(
            new Instance(
                service,
                replica == 1 ? service : service + "-" + replica,
                Optional.of(port),
                Map.of()));
      }
    } else if (service.equals(ServiceCatalog.TRAINING) && demo) {
      // The operator's own service pretrains the public model; each owner's trains its expert.
      instances.add(
          new Instance(
              service,
              service + "-" + DemoSeed.OPERATOR,
              Optional.of(DemoSeed.OPERATOR_PORT),
              Map.of(
                  "TRAINING_OWNER", DemoSeed.OPERATOR, "FLEXMOE_REGISTRY_DEV_ROLE", "operator")));
      for (DemoSeed.Owner owner : DemoSeed.OWNERS) {
        instances.add(
            new Instance(
                service,
                service + "-" + owner.id(),
                Optional.of(owner.port()),
                Map.of("TRAINING_OWNER", owner.id())));
      }
    } else {
      instances.add(
          new Instance(service, service, known.map(ServiceCatalog.Known::port), Map.of()));
    }
    return instances;
  }

  private ServiceProcess start(
      Infrastructure infrastructure, Path home, Path serviceData, Instance instance)
      throws IOException {
    String database = instance.name().replace('-', '_');
    if (!infrastructure.hasDatabase(database)) {
      infrastructure.postgres().createDatabase(database);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka().bootstrapServers());
    environment.put("PG_JDBC_URL", infrastructure.jdbcUrl(database));
    environment.put("FLEXMOE_SERVICE_DATA", serviceData.resolve(instance.name()).toString());
    instance.port().ifPresent(p -> environment.put("QUARKUS_HTTP_PORT", Integer.toString(p)));
    if (registryUrl != null) {
      for (String prefix : List.of("MERGE", "INFERENCE", "TRAINING")) {
        environment.put(prefix + "_REGISTRY_URL", registryUrl);
      }
    }
    environment.putAll(instance.environment());
    ServiceProcess process =
        ServiceProcess.start(
            home,
            instance.service(),
            instance.name(),
            instance
                .port()
                .flatMap(p -> ServiceCatalog.known(instance.service()).map(k -> k.withPort(p))),
            environment,
            serviceData.resolve(instance.name() + ".log"));
    infrastructure.services().add(process);
    out.printf("service %s starting (log: %s)%n", instance.name(), process.log());
    out.flush();
    return process;
  }

  private void printStatus(List<ServiceProcess> started) {
    out.printf("%-22s %-24s %s%n", "service", "url", "health");
    for (ServiceProcess process : started) {
      out.printf(
          "%-22s %-24s %s%n",
          process.name(), process.url().map(Object::toString).orElse("-"), process.health());
    }
    out.flush();
  }

  /** A service that dies is reported with the end of its log, and everything stops with exit 1. */
  private void watchForDeaths(List<ServiceProcess> started) {
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "flexmoe-infra-watch");
              thread.setDaemon(true);
              return thread;
            });
    watcher.scheduleWithFixedDelay(
        () -> {
          for (ServiceProcess process : started) {
            if (!process.isAlive() && !stopping) {
              out.printf(
                  "service %s exited with code %d; the end of %s:%n%s%n",
                  process.name(), process.exitCode(), process.log(), process.tail(20));
              out.flush();
              System.exit(1);
            }
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  private EmbeddedKafka startKafka() {
    EmbeddedKafka.Builder builder =
        EmbeddedKafka.builder().brokerPort(kafkaPort).controllerPort(kafkaControllerPort);
    if (dataDir != null) {
      builder.logDir(dataDir.resolve("kafka"));
    }
    return builder.start();
  }

  private EmbeddedPostgres startPostgres() {
    EmbeddedPostgres.Mode mode =
        switch (postgresSource) {
          case LOCAL -> EmbeddedPostgres.Mode.LOCAL;
          case ZONKY -> EmbeddedPostgres.Mode.ZONKY;
          case AUTO ->
              EmbeddedPostgres.localBinariesAvailable()
                  ? EmbeddedPostgres.Mode.LOCAL
                  : EmbeddedPostgres.Mode.ZONKY;
        };
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().mode(mode).port(postgresPort);
    if (dataDir != null) {
      builder.dataDir(dataDir.resolve("postgres"));
    }
    return builder.start();
  }

  private void printReady(Infrastructure infrastructure, double seconds) throws IOException {
    Map<String, String> settings = infrastructure.connectionSettings();
    out.printf("flexmoe infrastructure ready in %.1f s%n", seconds);
    settings.forEach((key, value) -> out.println(key + "=" + value));
    for (Topic topic : TopicCatalog.all()) {
      out.printf(
          "  topic %-30s %-7s %d partition(s), key %s%n",
          topic.name(), topic.cleanupPolicy().configValue(), topic.partitions(), topic.key());
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    if (envFile != null) {
      StringBuilder lines = new StringBuilder();
      settings.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
      Files.writeString(envFile, lines);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause.getMessage() == null)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The two running servers, and the services started on them. */
  record Infrastructure(
      EmbeddedKafka kafka,
      EmbeddedPostgres postgres,
      List<ServiceProcess> services,
      List<Path> temporaryDirectories)
      implements AutoCloseable {

    Infrastructure(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
      this(kafka, postgres, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    /** What a service (or {@code .ci/run}) needs to reach them. */
    Map<String, String> connectionSettings() {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      settings.put("PG_JDBC_URL", jdbcUrl(postgres.database()));
      return settings;
    }

    /** A JDBC URL of one database, carrying the credentials. */
    String jdbcUrl(String database) {
      return postgres.withCredentials(postgres.jdbcUrl(database));
    }

    boolean hasDatabase(String database) throws IOException {
      try (var connection = postgres.connect();
          var query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
        query.setString(1, database);
        try (var result = query.executeQuery()) {
          return result.next();
        }
      } catch (java.sql.SQLException e) {
        throw new IOException("cannot list the databases: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      // All at once: each may take seconds to drain (usage flushed, consumers closed).
      services.forEach(ServiceProcess::requestStop);
      services.forEach(ServiceProcess::close);
      try {
        kafka.close();
      } finally {
        postgres.close();
        temporaryDirectories.forEach(Directories::deleteRecursively);
      }
    }
  }
}
