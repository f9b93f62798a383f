package dev.flexmoe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.Topic;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.ProcessTable;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a process of its own, stopped with SIGTERM. */
class InfraLauncherTest {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A checkout holding one service, whose launcher is {@code script}. */
  private static Path homeWith(String service, String script) throws IOException {
    Path home = Files.createTempDirectory("flexmoe-home");
    Path launcherScript = home.resolve(service + "/bin/" + service);
    Files.createDirectories(launcherScript.getParent());
    Files.writeString(launcherScript, script);
    launcherScript.toFile().setExecutable(true);
    return home;
  }

  private static Process launch(Path tmpDir, String... args) throws IOException {
    return launch(tmpDir, Map.of(), args);
  }

  /** The launcher with Kafka and PostgreSQL on free ports, so that tests never collide. */
  private static Process launchOnFreePorts(
      Path tmpDir, Map<String, String> environment, String... args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--kafka-port=" + freePort(),
                "--kafka-controller-port=" + freePort(),
                "--postgres-port=" + freePort()));
    all.addAll(List.of(args));
    return launch(tmpDir, environment, all.toArray(String[]::new));
  }

  private static Process launch(Path tmpDir, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmpDir);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(InfraLauncher.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("FLEXMOE_HOME");
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * A stand-in service that records the connections it was given ({@code env} in its data folder)
   * and answers its health checks on the port it is given.
   */
  private static String healthyStandIn() {
    return """
        #!/usr/bin/env bash
        mkdir -p "$FLEXMOE_SERVICE_DATA/q/health"
        env | grep -E '^(KAFKA_BOOTSTRAP_SERVERS|PG_JDBC_URL|[A-Z]+_REGISTRY_URL)=' \
          > "$FLEXMOE_SERVICE_DATA/env"
        touch "$FLEXMOE_SERVICE_DATA/q/health/live" "$FLEXMOE_SERVICE_DATA/q/health/ready"
        cd "$FLEXMOE_SERVICE_DATA"
        exec python3 -m http.server "$QUARKUS_HTTP_PORT" --bind 127.0.0.1
        """;
  }

  private static void awaitReady(Process launcher, List<String> output) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> output.contains("flexmoe ready. Press Ctrl-C to stop.") || !launcher.isAlive());
  }

  /** The data folder of a service, from the log path the launcher printed for it. */
  private static Path serviceData(List<String> output, String service) {
    return Path.of(
        output.stream()
            .filter(line -> line.startsWith("service " + service + " starting"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(output))
            .replaceAll(".*\\(log: (.*)\\.log\\)$", "$1"));
  }

  /** Collects the process's output lines as they come. */
  private static List<String> follow(Process process) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
              } catch (IOException closed) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String setting(List<String> lines, String key) {
    return lines.stream()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void startsEverythingOnFixedPortsAndLeavesNothingAfterSigterm(@TempDir Path tmpDir)
      throws Exception {
    int kafkaPort = freePort();
    int postgresPort = freePort();
    Path envFile = tmpDir.resolve("infra.env");
    Process launcher =
        launch(
            tmpDir,
            "--kafka-port=" + kafkaPort,
            "--kafka-controller-port=" + freePort(),
            "--postgres-port=" + postgresPort,
            "--env-file=" + envFile);
    List<String> output = follow(launcher);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> output.contains("Press Ctrl-C to stop.") || !launcher.isAlive());
      assertThat(launcher.isAlive()).as("launcher output: %s", output).isTrue();

      String bootstrap = setting(output, "KAFKA_BOOTSTRAP_SERVERS");
      String jdbcUrl = setting(output, "PG_JDBC_URL");
      assertThat(bootstrap).isEqualTo("127.0.0.1:" + kafkaPort);
      assertThat(jdbcUrl).startsWith("jdbc:postgresql://127.0.0.1:" + postgresPort + "/flexmoe?");
      assertThat(Files.readAllLines(envFile))
          .containsExactly("KAFKA_BOOTSTRAP_SERVERS=" + bootstrap, "PG_JDBC_URL=" + jdbcUrl);
      assertEveryCatalogTopicWithItsCleanupPolicy(bootstrap);
      try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
        assertThat(connection.isValid(5)).isTrue();
      }
      assertThat(ProcessTable.mentioning(tmpDir))
          .as("servers running from %s", tmpDir)
          .isNotEmpty();
    } finally {
      // SIGTERM, through the handle: Process.destroy() would also close the output we still read.
      launcher.toHandle().destroy();
    }

    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(output).contains("flexmoe infrastructure stopped"));
    assertThat(ProcessTable.mentioning(tmpDir)).isEmpty();
    try (Stream<Path> left = Files.list(tmpDir)) {
      assertThat(left.map(path -> path.getFileName().toString())).containsExactly("infra.env");
    }
  }

  @Test
  void startsEachServiceWithADatabaseOfItsOwnAndStopsItWithTheInfrastructure(@TempDir Path tmpDir)
      throws Exception {
    // A stand-in service: records what it was given, then waits to be stopped; when it is, it
    // records whether Kafka and PostgreSQL still answer, as a real service needs while it drains.
    Path home =
        homeWith(
            "fake-service",
            """
            #!/usr/bin/env bash
            mkdir -p "$FLEXMOE_SERVICE_DATA"
            env | grep -E '^(KAFKA_BOOTSTRAP_SERVERS|PG_JDBC_URL)=' > "$FLEXMOE_SERVICE_DATA/env"
            echo $$ > "$FLEXMOE_SERVICE_DATA/pid"
            kafka_port="${KAFKA_BOOTSTRAP_SERVERS##*:}"
            pg_port="$(sed -E 's|.*://[^:/]+:([0-9]+)/.*|\\1|' <<< "$PG_JDBC_URL")"
            answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && echo up || echo down; }
            on_stop() {
              sleep 3 # draining, as a real service does
              echo "kafka $(answers "$kafka_port") postgres $(answers "$pg_port")" > "$STOP_MARKER"
              kill "$sleeper"
              exit 0
            }
            trap on_stop TERM
            sleep 600 &
            sleeper=$!
            wait "$sleeper"
            """);
    Path stopMarker = tmpDir.resolveSibling(tmpDir.getFileName() + "-stop-marker");
    Process launcher =
        launchOnFreePorts(
            tmpDir,
            Map.of("FLEXMOE_HOME", home.toString(), "STOP_MARKER", stopMarker.toString()),
            "--services=fake-service");
    List<String> output = follow(launcher);
    long servicePid;
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  output.stream().anyMatch(line -> line.startsWith("service fake-service starting"))
                      || !launcher.isAlive());
      Path serviceData = serviceData(output, "fake-service");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(serviceData.resolve("pid")));
      servicePid = Long.parseLong(Files.readString(serviceData.resolve("pid")).strip());
      List<String> environment = Files.readAllLines(serviceData.resolve("env"));
      String jdbcUrl =
          environment.stream()
              .filter(line -> line.startsWith("PG_JDBC_URL="))
              .findFirst()
              .orElseThrow()
              .substring("PG_JDBC_URL=".length());
      assertThat(jdbcUrl).contains("/fake_service?");
      try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
        assertThat(connection.isValid(5)).isTrue();
      }
      assertThat(environment)
          .anyMatch(line -> line.startsWith("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:"));
      assertThat(ProcessHandle.of(servicePid))
          .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    } finally {
      launcher.toHandle().destroy();
      Directories.deleteRecursively(home);
    }
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(servicePid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(Files.readString(stopMarker).strip())
        .as("the servers still up while the service stops")
        .isEqualTo("kafka up postgres up");
    Files.delete(stopMarker);
    try (Stream<Path> left = Files.list(tmpDir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void inferenceReplicasEachGetAPortAndDataOfTheirOwnAndAreWaitedForUntilUp(@TempDir Path tmpDir)
      throws Exception {
    Path home = homeWith("inference-service", healthyStandIn());
    Process launcher =
        launchOnFreePorts(
            tmpDir,
            Map.of("FLEXMOE_HOME", home.toString()),
            "--services=inference-service",
            "--inference-replicas=2");
    List<String> output = follow(launcher);
    try {
      awaitReady(launcher, output);
      assertThat(output)
          .anyMatch(line -> line.matches("inference-service +http://localhost:8084 +UP.*"))
          .anyMatch(line -> line.matches("inference-service-2 +http://localhost:8092 +UP.*"));
    } finally {
      launcher.toHandle().destroy();
      Directories.deleteRecursively(home);
    }
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessTable.mentioning(tmpDir)).isEmpty();
  }

  @Test
  void ownerOnlyRunsTheTrainingServiceAloneAgainstTheRemoteRegistry(@TempDir Path tmpDir)
      throws Exception {
    Path home = homeWith("training-service", healthyStandIn());
    for (String service : List.of("expert-registry", "merge-service", "inference-service")) {
      Path script = home.resolve(service + "/bin/" + service);
      Files.createDirectories(script.getParent());
      Files.writeString(script, "#!/usr/bin/env bash\necho started >&2\nexit 9\n");
      script.toFile().setExecutable(true);
    }
    String registry = "http://registry.example.org:8081";
    Process launcher =
        launchOnFreePorts(
            tmpDir,
            Map.of("FLEXMOE_HOME", home.toString()),
            "--owner-only",
            "--registry-url=" + registry);
    List<String> output = follow(launcher);
    try {
      awaitReady(launcher, output);
      assertThat(output)
          .anyMatch(line -> line.matches("training-service +http://localhost:8085 +UP.*"))
          .noneMatch(line -> line.matches("service (expert-registry|merge|inference).*"));
      Path serviceData = serviceData(output, "training-service");
      List<String> environment = Files.readAllLines(serviceData.resolve("env"));
      assertThat(environment)
          .contains("TRAINING_REGISTRY_URL=" + registry)
          .anyMatch(line -> line.startsWith("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:"))
          .anyMatch(line -> line.matches("PG_JDBC_URL=.*/training_service\\?.*"));
    } finally {
      launcher.toHandle().destroy();
      Directories.deleteRecursively(home);
    }
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessTable.mentioning(tmpDir)).isEmpty();
  }

  @Test
  void ownerOnlyWithoutARegistryOrWithTheDemoIsRefusedBeforeAnythingStarts(@TempDir Path tmpDir)
      throws Exception {
    for (List<String> arguments :
        List.of(
            List.of("--owner-only"),
            List.of("--owner-only", "--registry-url=http://registry:8081", "--demo"))) {
      Process launcher = launch(tmpDir, arguments.toArray(String[]::new));
      List<String> output = follow(launcher);
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.exitValue()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(output)
                      .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                      .startsWith("flexmoe-infra: --owner-only"));
      try (Stream<Path> left = Files.list(tmpDir)) {
        assertThat(left).as("nothing was started").isEmpty();
      }
    }
  }

  @Test
  void aServiceThatDiesIsReportedWithItsLogAndStopsTheRunWithExitOne(@TempDir Path tmpDir)
      throws Exception {
    Path home =
        homeWith(
            "dying-service",
            """
            #!/usr/bin/env bash
            sleep 2
            echo "the disk is full"
            exit 3
            """);
    try {
      Process launcher =
          launchOnFreePorts(
              tmpDir, Map.of("FLEXMOE_HOME", home.toString()), "--services=dying-service");
      List<String> output = follow(launcher);
      assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("the launcher stops").isTrue();
      assertThat(launcher.exitValue()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(output)
                      .anyMatch(line -> line.startsWith("service dying-service exited with code 3"))
                      .contains("the disk is full", "flexmoe infrastructure stopped"));
      assertThat(ProcessTable.mentioning(tmpDir)).isEmpty();
    } finally {
      Directories.deleteRecursively(home);
    }
  }

  private static void assertEveryCatalogTopicWithItsCleanupPolicy(String bootstrap)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.listTopics().names().get())
          .containsAll(TopicCatalog.all().stream().map(Topic::name).toList());
      List<ConfigResource> resources =
          TopicCatalog.all().stream()
              .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
              .toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      for (Topic topic : TopicCatalog.all()) {
        assertThat(
                configs
                    .get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                    .get("cleanup.policy")
                    .value())
            .as(topic.name())
            .isEqualTo(topic.cleanupPolicy().configValue());
      }
    }
  }

  @Test
  void aPortInUseIsOneClearLineAndANonZeroExit(@TempDir Path tmpDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      var commandLine = InfraLauncher.commandLine(new PrintStream(OutputStreamNull.INSTANCE));
      commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

      int exit =
          commandLine.execute(
              "--kafka-port=" + taken.getLocalPort(),
              "--kafka-controller-port=" + freePort(),
              "--postgres-port=" + freePort());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo(
              "flexmoe-infra: cannot start Kafka: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use");
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var commandLine = InfraLauncher.commandLine(new PrintStream(OutputStreamNull.INSTANCE));
    commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

    assertThat(commandLine.execute("--kafka-prot=1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--kafka-prot=1'");
  }

  /** Discards what the launcher prints when a test only looks at errors. */
  private static final class OutputStreamNull {
    static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
  }
}
