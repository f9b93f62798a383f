package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code merge.auto-publish=false} a new version waits as a candidate: nothing reaches the
 * topic or makes the registry's experts ACTIVE until an operator publishes it.
 */
class ApprovalModeIT {

  private static final String MODEL = "micro-approval";

  /** Kept after the run: the services' logs are there. */
  private final Path work = Path.of("target", getClass().getSimpleName() + "-" + System.nanoTime());

  private final Platform platform = new Platform();
  private Process service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.destroyForcibly();
    }
    platform.stop();
  }

  @Test
  void aCandidateIsServedOnlyOnceAnOperatorPublishesIt() throws Exception {
    Map<String, String> config = platform.start();
    int port = Platform.freePort();
    service = MergeProcess.start(config, port, work, Map.of("merge.auto-publish", "false"));
    Calls.ensurePublicModel(MODEL, MicroArtifacts.publicModel());
    String news = Calls.uploadExpert("alice", MicroArtifacts.expert("news", "alice"));
    String educational = Calls.uploadExpert("bob", MicroArtifacts.expert("educational", "bob"));

    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                MergeProcess.call(port, "ops", "operator")
                    .get("/api/v1/models/" + MODEL + "/versions/1")
                    .then()
                    .extract()
                    .statusCode(),
            status -> status == 200);
    MergeProcess.call(port, "ops", "operator")
        .get("/api/v1/models/" + MODEL + "/versions/1")
        .then()
        .body("status", equalTo("CANDIDATE"));
    Topics topics = new Topics(config.get("kafka.bootstrap.servers"));
    assertThat(topics.events(TopicCatalog.MODEL_VERSIONS.name(), MODEL)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Calls.registryState(news).equals("VALIDATED"));
    MergeProcess.call(port, "svc", "service")
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .body("find { it.name == '" + MODEL + "' }.servedVersion", equalTo(0));

    MergeProcess.call(port, "alice", "owner")
        .post("/api/v1/models/" + MODEL + "/versions/1/publish")
        .then()
        .statusCode(403);
    MergeProcess.call(port, "ops", "operator")
        .post("/api/v1/models/" + MODEL + "/versions/1/publish")
        .then()
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"));
    MergeProcess.call(port, "ops", "operator")
        .post("/api/v1/models/" + MODEL + "/versions/1/publish")
        .then()
        .statusCode(409)
        .body("code", equalTo("already-published"));

    List<ModelVersionPublished> published =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    topics.events(TopicCatalog.MODEL_VERSIONS.name(), MODEL).stream()
                        .map(event -> (ModelVersionPublished) event.data())
                        .toList(),
                events -> !events.isEmpty());
    assertThat(published).extracting(ModelVersionPublished::version).containsExactly(1L);
    assertThat(published.get(0).experts())
        .extracting(ModelVersionPublished.Expert::expertId)
        .containsExactlyInAnyOrder(news, educational);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Calls.registryState(news).equals("ACTIVE")
                    && Calls.registryState(educational).equals("ACTIVE"));
  }
}
