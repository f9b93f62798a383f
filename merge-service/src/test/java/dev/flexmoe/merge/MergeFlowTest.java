package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.EventType;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.workflow.MergeModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic flow through the real registry: two uploads become one version with both, the
 * registry shows them ACTIVE, the export equals an offline merge of the same inputs bit for bit; a
 * withdrawal makes a version without the expert, and a rollback a new number with old contents.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class MergeFlowTest {

  private static final String MODEL = "micro-public";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @TempDir Path work;

  @Test
  void uploadsBecomeVersionsThatCanBeExportedWithdrawnFromAndRolledBack() throws Exception {
    Path publicDir = MicroArtifacts.publicModel();
    String anchor = Calls.ensurePublicModel(MODEL, publicDir);
    Path newsDir = MicroArtifacts.expert("news", "alice");
    Path educationalDir = MicroArtifacts.expert("educational", "bob");
    String news = Calls.uploadExpert("alice", newsDir);
    String educational = Calls.uploadExpert("bob", educationalDir);

    for (String expert : List.of(news, educational)) {
      JsonPath verdict = awaitVerdict(expert);
      assertThat(verdict.getString("state")).as("%s", verdict.prettify()).isEqualTo("VALIDATED");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Calls.registryState(news).equals("ACTIVE")
                    && Calls.registryState(educational).equals("ACTIVE"));
    JsonPath first = version(1);
    assertThat(first.getString("status")).isEqualTo("PUBLISHED");
    assertThat(first.getString("trigger")).isEqualTo("REGISTRATION");
    assertThat(first.getString("publicDigest")).isEqualTo(anchor);
    assertThat(first.getInt("topK")).isEqualTo(2);
    List<String> members = first.getList("experts.expertId");
    assertThat(members).containsExactlyInAnyOrder(news, educational);
    assertThat(first.getList("experts.routerRow", Integer.class)).containsExactly(1, 2);
    assertThat(
            Calls.merge("ops", "operator")
                .get("/api/v1/models/" + MODEL + "/versions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("total"))
        .isEqualTo(1);

    JsonPath report =
        Calls.merge("alice", "owner")
            .get("/api/v1/experts/" + news + "/validation")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getBoolean("report.passed")).isTrue();
    assertThat(report.getString("state")).isEqualTo("VALIDATED");
    assertThat(report.getList("report.findings")).isEmpty();
    Calls.merge("bob", "owner")
        .get("/api/v1/experts/" + news + "/validation")
        .then()
        .statusCode(404);

    Map<String, Path> dirs = Map.of(news, newsDir, educational, educationalDir);
    assertExportEqualsOfflineMerge(publicDir, members.stream().map(dirs::get).toList());

    Calls.merge("alice", "owner")
        .contentType("application/json")
        .body("{\"toVersion\":1}")
        .post("/api/v1/models/" + MODEL + "/rollback")
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));

    Calls.registry("bob", "owner").delete("/api/v1/experts/" + educational).then().statusCode(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> latestVersion() == 2);
    JsonPath second = version(2);
    assertThat(second.getString("trigger")).isEqualTo("WITHDRAWAL");
    assertThat(second.getList("experts.expertId")).containsExactly(news);
    assertThat(second.getInt("topK")).isEqualTo(2);

    Calls.merge("ops", "operator")
        .contentType("application/json")
        .body("{\"toVersion\":1}")
        .post("/api/v1/models/" + MODEL + "/rollback")
        .then()
        .statusCode(409)
        .body("code", equalTo("withdrawn-expert"));
    JsonPath third =
        Calls.merge("ops", "operator")
            .contentType("application/json")
            .body("{\"toVersion\":2}")
            .post("/api/v1/models/" + MODEL + "/rollback")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(third.getLong("version")).isEqualTo(3);
    assertThat(third.getString("trigger")).isEqualTo("ROLLBACK");
    assertThat(third.getLong("rolledBackFrom")).isEqualTo(2);
    assertThat(third.getList("experts.expertId")).containsExactly(news);

    Topics topics = new Topics(bootstrap);
    List<ModelVersionPublished> published =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    topics.events(TopicCatalog.MODEL_VERSIONS.name(), MODEL).stream()
                        .map(event -> (ModelVersionPublished) event.data())
                        .toList(),
                events -> events.size() >= 3);
    assertThat(published).extracting(ModelVersionPublished::version).containsExactly(1L, 2L, 3L);
    for (String expert : List.of(news, educational)) {
      assertThat(topics.events(TopicCatalog.VALIDATIONS.name(), expert))
          .extracting(CloudEvent::eventType)
          .containsExactly(EventType.EXPERT_VALIDATED);
    }
  }

  private void assertExportEqualsOfflineMerge(Path publicDir, List<Path> experts) throws Exception {
    byte[] tar =
        Calls.merge("ops", "operator")
            .get("/api/v1/models/" + MODEL + "/versions/1/export")
            .then()
            .statusCode(200)
            .contentType("application/x-tar")
            .extract()
            .asByteArray();
    Map<String, byte[]> exported = new HashMap<>();
    try (TarArchiveInputStream entries = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry entry = entries.getNextEntry();
          entry != null;
          entry = entries.getNextEntry()) {
        exported.put(entry.getName(), entries.readAllBytes());
      }
    }
    Path offline = work.resolve("offline");
    MergeModels.run(publicDir, experts, MODEL, 1, 2, false, offline);
    Map<String, byte[]> expected = new HashMap<>();
    try (var files = Files.list(offline)) {
      for (Path file : files.toList()) {
        expected.put(MODEL + "-v1/" + file.getFileName(), Files.readAllBytes(file));
      }
    }
    assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((name, bytes) -> assertThat(exported.get(name)).as(name).isEqualTo(bytes));
  }

  private static JsonPath awaitVerdict(String expertId) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                Calls.merge("ops", "operator")
                    .get("/api/v1/experts/" + expertId + "/validation")
                    .then()
                    .extract()
                    .response(),
            response -> response.statusCode() == 200)
        .jsonPath();
  }

  private static JsonPath version(long number) {
    return Calls.merge("ops", "operator")
        .get("/api/v1/models/" + MODEL + "/versions/" + number)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static long latestVersion() {
    return Calls.merge("svc", "service")
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("find { it.name == '" + MODEL + "' }.latestVersion");
  }
}
