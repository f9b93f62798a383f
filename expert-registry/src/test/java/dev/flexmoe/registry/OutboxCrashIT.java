package dev.flexmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the outbox, on the packaged registry in its own process: an upload committed just
 * before the process is killed (the relay switched off, so no send can have happened), or while the
 * broker is down, reaches Kafka afterwards with the id its outbox row was written with.
 */
class OutboxCrashIT {

  @TempDir Path work;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void anEventCommittedBeforeAKillIsRelayedAfterTheRestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String database = newDatabase(postgres);
      int port = freePort();
      Process first = start(kafka, postgres, database, port, false);
      awaitReady(port);
      String id = upload(port, registerPublicModel(port, "public-crash"), 41);
      String eventId = unsentOutboxEvent(postgres, database);
      first.destroyForcibly().waitFor();
      Topics topics = new Topics(kafka.bootstrapServers());
      assertThat(topics.events(TopicCatalog.EXPERTS.name(), id)).isEmpty();

      start(kafka, postgres, database, port, true);
      assertThat(awaitEvents(topics, id)).extracting(CloudEvent::id).containsExactly(eventId);
    }
  }

  @Test
  void anEventCommittedWhileTheBrokerIsDownIsRelayedOnceItIsBack() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String database = newDatabase(postgres);
      int port = freePort();
      start(kafka, postgres, database, port, true);
      awaitReady(port);
      String anchor = registerPublicModel(port, "public-outage");

      kafka.stop();
      String id = upload(port, anchor, 42);
      String eventId = unsentOutboxEvent(postgres, database);
      kafka.restart();

      // At least once: a send given up during the outage may still arrive, as a duplicate.
      assertThat(awaitEvents(new Topics(kafka.bootstrapServers()), id))
          .extracting(CloudEvent::id)
          .containsOnly(eventId);
    }
  }

  private static String newDatabase(EmbeddedPostgres postgres) {
    return postgres.createDatabase("registry_it_" + Long.toHexString(System.nanoTime()));
  }

  /** Registers a fresh public model; returns its digest. */
  private static String registerPublicModel(int port, String name) {
    Path dir = Fixtures.publicModel(name.hashCode());
    String anchor = HfCheckpoint.digest(dir);
    RegistryClient.publicModelUpload(api(port, "ops", "operator"), name, anchor, dir)
        .post("/api/v1/public-models")
        .then()
        .statusCode(201);
    return anchor;
  }

  /** Uploads one of ivan's experts; returns its id. */
  private static String upload(int port, String anchor, long seed) {
    return RegistryClient.upload(
            api(port, "ivan", "owner"), Fixtures.expert(anchor, "math", "ivan", seed))
        .post("/api/v1/experts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The expert's events on the experts topic, once there is one. */
  private static List<CloudEvent<?>> awaitEvents(Topics topics, String id) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> topics.events(TopicCatalog.EXPERTS.name(), id), events -> !events.isEmpty());
  }

  private Process start(
      EmbeddedKafka kafka, EmbeddedPostgres postgres, String database, int port, boolean relay)
      throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the packaged registry (run 'verify')").exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.profile=embedded",
                "-Dquarkus.http.port=" + port,
                "-Dregistry.dev-keys=dev-keys",
                "-Dregistry.blobs.root=" + work.resolve("blobs"),
                "-Dflexmoe.outbox.enabled=" + relay,
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("registry-" + processes.size() + ".log").toFile());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    builder.environment().put("PG_JDBC_URL", postgres.withCredentials(database));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void awaitReady(int port) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> RestAssured.given().port(port).get("/q/health/ready").then().statusCode(200));
  }

  private static RequestSpecification api(int port, String subject, String role) {
    return RestAssured.given().port(port).header("Authorization", Fixtures.bearer(subject, role));
  }

  private static String unsentOutboxEvent(EmbeddedPostgres postgres, String database)
      throws Exception {
    try (Connection connection =
            DriverManager.getConnection(database, postgres.username(), postgres.password());
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("select event_id from outbox_event where sent_at is null")) {
      assertThat(rows.next()).as("an unsent outbox row").isTrue();
      String eventId = rows.getString(1);
      assertThat(rows.next()).isFalse();
      return eventId;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
