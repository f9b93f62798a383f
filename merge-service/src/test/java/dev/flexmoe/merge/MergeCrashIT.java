package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.EventType;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety on the packaged merge service in its own process, beside the packaged registry:
 * killed after a validation and a version were committed but before their events were relayed, the
 * restarted service sends each exactly once; a registration delivered twice is validated once.
 */
class MergeCrashIT {

  private static final String MODEL = "crash-public";

  /** Kept after the run: the services' logs are there. */
  private final Path work = Path.of("target", getClass().getSimpleName() + "-" + System.nanoTime());

  private final Platform platform = new Platform();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    platform.stop();
  }

  @Test
  void aVerdictAndAVersionCommittedBeforeAKillAreRelayedOnceAfterTheRestart() throws Exception {
    Map<String, String> config = platform.start();
    int port = Platform.freePort();
    Process first = start(config, port, false);
    Calls.ensurePublicModel(MODEL, MicroArtifacts.publicModel());
    String news = Calls.uploadExpert("alice", MicroArtifacts.expert("news", "alice"));
    String educational = Calls.uploadExpert("bob", MicroArtifacts.expert("educational", "bob"));
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> count(config, "select count(*) from model_version") == 1);
    assertThat(count(config, "select count(*) from outbox_event where sent_at is null"))
        .isEqualTo(3);
    first.destroyForcibly().waitFor();
    Topics topics = new Topics(config.get("kafka.bootstrap.servers"));
    assertThat(topics.events(TopicCatalog.VALIDATIONS.name(), news)).isEmpty();

    start(config, port, true);
    List<ModelVersionPublished> versions =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    topics.events(TopicCatalog.MODEL_VERSIONS.name(), MODEL).stream()
                        .map(event -> (ModelVersionPublished) event.data())
                        .toList(),
                found -> !found.isEmpty());
    // A duplicate of each registration, as an at-least-once redelivery brings it, followed on the
    // same partition by a marker whose processing shows the duplicate was consumed.
    for (String expert : List.of(news, educational)) {
      CloudEvent<?> registered = topics.events(TopicCatalog.EXPERTS.name(), expert).get(0);
      topics.send(TopicCatalog.EXPERTS.name(), expert, CloudEventCodec.encode(registered));
      CloudEvent<ExpertWithdrawn> marker =
          CloudEvent.of(
              "/flexmoe/expert-registry",
              new ExpertWithdrawn(UUID.randomUUID().toString(), "nobody", "marker"));
      topics.send(TopicCatalog.EXPERTS.name(), expert, CloudEventCodec.encode(marker));
    }
    // The killed instance's partitions reach the new one once its session timed out (10 s).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count(config, "select count(*) from processed_event") >= 4);
    assertThat(count(config, "select count(*) from processed_event")).isEqualTo(4);
    assertThat(versions).extracting(ModelVersionPublished::version).containsExactly(1L);
    assertThat(topics.events(TopicCatalog.MODEL_VERSIONS.name(), MODEL)).hasSize(1);
    for (String expert : List.of(news, educational)) {
      assertThat(topics.events(TopicCatalog.VALIDATIONS.name(), expert))
          .extracting(CloudEvent::eventType)
          .containsExactly(EventType.EXPERT_VALIDATED);
    }
    assertThat(count(config, "select count(*) from tracked_expert")).isEqualTo(2);
  }

  private Process start(Map<String, String> config, int port, boolean relay) throws IOException {
    Process process =
        MergeProcess.start(
            config, port, work, Map.of("flexmoe.outbox.enabled", String.valueOf(relay)));
    processes.add(process);
    return process;
  }

  private static long count(Map<String, String> config, String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
