package dev.flexmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.TopicCatalog;
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
      String database =
          postgres.createDatabase("registry_crash_" + Long.toHexString(System.nanoTime()));
      Topics topics = new Topics(kafka.bootstrapServers());

      int port = freePort();
      Process first = start(kafka, postgres, database, port, false);
      awaitReady(port);
      String anchor = Fixtures.newAnchorDigest();
      api(port, "ops", "operator")
          .contentType("application/json")
          .body(Fixtures.publicModelBody("public-crash", anchor))
          .post("/api/v1/public-models")
          .then()
          .statusCode(201);
      String id =
          RegistryClient.upload(
                  api(port, "ivan", "owner"), Fixtures.expert(anchor, "math", "ivan", 41))
              .post("/api/v1/experts")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      String eventId = unsentOutboxEvent(postgres, database);
      first.destroyForcibly().waitFor();
      assertThat(topics.events(TopicCatalog.EXPERTS.name(), id)).isEmpty();

      start(kafka, postgres, database, port, true);
      List<CloudEvent<?>> relayed =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> topics.events(TopicCatalog.EXPERTS.name(), id),
                  events -> !events.isEmpty());
      assertThat(relayed).extracting(CloudEvent::id).containsExactly(eventId);
    }
  }

  @Test
  void anEventCommittedWhileTheBrokerIsDownIsRelayedOnceItIsBack() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String database =
          postgres.createDatabase("registry_outage_" + Long.toHexString(System.nanoTime()));
      Topics topics = new Topics(kafka.bootstrapServers());
      int port = freePort();
      start(kafka, postgres, database, port, true);
      awaitReady(port);
      String anchor = Fixtures.newAnchorDigest();
      api(port, "ops", "operator")
          .contentType("application/json")
          .body(Fixtures.publicModelBody("public-outage", anchor))
          .post("/api/v1/public-models")
          .then()
          .statusCode(201);

      kafka.stop();
      String id =
          RegistryClient.upload(
                  api(port, "ivan", "owner"), Fixtures.expert(anchor, "math", "ivan", 42))
              .post("/api/v1/experts")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      String eventId = unsentOutboxEvent(postgres, database);
      kafka.restart();

      List<CloudEvent<?>> relayed =
          await()
              .atMost(Duration.ofSeconds(180))
              .until(
                  () -> topics.events(TopicCatalog.EXPERTS.name(), id),
                  events -> !events.isEmpty());
      // At least once: a send given up during the outage may still arrive, as a duplicate.
      assertThat(relayed).extracting(CloudEvent::id).containsOnly(eventId);
    }
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
                "-Dregistry.outbox.enabled=" + relay,
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("registry-" + processes.size() + ".log").toFile());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    builder
        .environment()
        .put(
            "PG_JDBC_URL",
            database + "?user=" + postgres.username() + "&password=" + postgres.password());
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
