package dev.flexmoe.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.platformtestkit.DevTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's own training service pretrains a public model, tokenizer included, and registers
 * it: the anchor the owners' experts are then trained against.
 */
@QuarkusTest
@TestProfile(PublicModelJobTest.OperatorService.class)
class PublicModelJobTest {

  private static final String OPERATOR = "ops";
  private static final int VOCAB = 300;

  /**
   * The service as the operator runs it: its owner is the operator, who registers public models.
   */
  public static class OperatorService implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(
              Platform.class, Map.of("owner", OPERATOR, "registryRole", "operator")));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  @Test
  void anOperatorPretrainsAndRegistersAPublicModel() throws IOException {
    String name = "ops-micro-" + Long.toHexString(System.nanoTime());
    Map<String, Object> job = publicJob(name);

    as("owner").body(job).post("/api/v1/jobs").then().statusCode(403);
    String id =
        as("operator").body(job).post("/api/v1/jobs").then().statusCode(201).extract().path("id");

    JsonPath done = await(id, j -> !List.of("QUEUED", "RUNNING").contains(j.getString("state")));
    assertThat(done.getString("state")).as(done.prettify()).isEqualTo("SUCCEEDED");
    assertThat(done.getString("registration")).isEqualTo("REGISTERED");
    assertThat(done.getString("name")).isEqualTo(name);
    assertThat(done.getInt("vocabSize")).isEqualTo(VOCAB);
    assertThat(done.getString("publicModelDigest")).isEqualTo(done.getString("artifactDigest"));
    // Pretraining learned something: below the loss of a uniform guess over the vocabulary.
    assertThat(done.getDouble("metrics.trainLoss")).isLessThan(Math.log(VOCAB));

    // The registry recomputes the digest over the bytes it received and refuses a mismatch: the
    // same digest is the same files.
    JsonPath registered =
        given()
            .baseUri(Platform.registry.toString())
            .header("Authorization", DevTokens.bearer(OPERATOR, "operator"))
            .get("/api/v1/public-models/" + done.getString("publicModelId"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(registered.getString("name")).isEqualTo(name);
    assertThat(registered.getString("digest")).isEqualTo(done.getString("artifactDigest"));
    assertThat(registered.getString("registeredBy")).isEqualTo(OPERATOR);
    assertThat(registered.getInt("config.vocab_size")).isEqualTo(VOCAB);

    as("operator")
        .body(publicJob(name))
        .post("/api/v1/jobs")
        .then()
        .statusCode(409)
        .body("code", equalTo("public-model-exists"));
  }

  private static Map<String, Object> publicJob(String name) throws IOException {
    Path corpus = Owner.DATA_ROOT.resolve("public/train.jsonl.gz");
    if (!Files.exists(corpus)) {
      Files.createDirectories(corpus.getParent());
      Files.copy(Path.of("../data/flexmix-lite-sample/public/train.jsonl.gz"), corpus);
    }
    Map<String, Object> hyperparameters = new HashMap<>(Owner.steps(30));
    hyperparameters.put("lr", 3e-3);
    return Map.of(
        "kind",
        "public",
        "name",
        name,
        "preset",
        "micro",
        "vocabSize",
        VOCAB,
        "data",
        corpus.toString(),
        "hyperparameters",
        hyperparameters);
  }

  private static RequestSpecification as(String role) {
    return given()
        .header("Authorization", DevTokens.bearer(OPERATOR, role))
        .contentType("application/json");
  }

  private static JsonPath await(String id, java.util.function.Predicate<JsonPath> condition) {
    JsonPath[] last = new JsonPath[1];
    org.awaitility.Awaitility.await("public-model job " + id)
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              last[0] =
                  as("operator")
                      .get("/api/v1/jobs/" + id)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              return condition.test(last[0]);
            });
    return last[0];
  }
}
