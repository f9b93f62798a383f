package dev.flexmoe.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.flexmoe.platformtestkit.DevTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every way a submission can be wrong gets a problem with its status, code and field, and creates
 * no job.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class BadInputCatalogTest {

  @Test
  void aJobOutsideTheRulesIsRefusedWithItsFieldAndNothingIsStored() throws IOException {
    Path outside = Path.of("target/outside-data-roots.txt").toAbsolutePath();
    Files.writeString(outside, "a document the owner did not put under the data roots");
    Files.createDirectories(Owner.DATA_ROOT);
    Path link = Owner.DATA_ROOT.resolve("link-out.txt");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, outside);
    Path folder = Owner.file("mixed/inside.txt", "a document inside").getParent();
    Path folderLink = folder.resolve("sneaky.txt");
    Files.deleteIfExists(folderLink);
    Files.createSymbolicLink(folderLink, outside);
    Path empty = Owner.file("empty.jsonl", "\n\n");
    Path broken = Owner.file("broken.jsonl", "this is not JSON\n");
    int before = Owner.jobCount();

    refused(j -> j.remove("kind"), 422, "required", "kind");
    refused(j -> j.put("kind", "poem"), 422, "unknown-kind", "kind");
    refused(j -> j.remove("publicModel"), 422, "required", "publicModel");
    refused(j -> j.put("publicModel", "no-such-model"), 422, "unknown-public-model", "publicModel");
    refused(
        j -> j.put("data", "target/test-data/../../pom.xml"), 422, "outside-data-roots", "data");
    refused(j -> j.put("data", link.toString()), 422, "outside-data-roots", "data");
    refused(j -> j.put("data", folder.toString()), 422, "outside-data-roots", "data");
    refused(
        j -> j.put("data", "target/test-data/nothing-here.jsonl"), 422, "data-not-found", "data");
    refused(j -> j.put("data", empty.toString()), 422, "empty-corpus", "data");
    refused(j -> j.put("data", broken.toString()), 422, "unreadable-corpus", "data");
    refused(j -> j.put("validation", outside.toString()), 422, "outside-data-roots", "validation");
    refused(j -> j.remove("validation"), 422, "validation-required", "validation");
    refused(j -> j.put("domain", "../news"), 422, "invalid-domain", "domain");
    refused(j -> j.remove("hyperparameters"), 422, "required", "hyperparameters.steps");
    refused(
        j -> j.put("hyperparameters", Map.of("steps", 10, "lr", -1)),
        422,
        "invalid-hyperparameter",
        "hyperparameters.lr");
    refused(
        j -> j.put("hyperparameters", Map.of("steps", 0)),
        422,
        "invalid-hyperparameter",
        "hyperparameters.steps");
    refused(
        j -> j.put("hyperparameters", Map.of("steps", 10, "minLr", 1.0)),
        422,
        "invalid-hyperparameter",
        "hyperparameters.minLr");
    refused(
        j -> j.put("hyperparameters", Map.of("steps", 10, "precision", "fp8")),
        422,
        "invalid-hyperparameter",
        "hyperparameters.precision");
    refused(j -> j.put("learningRate", 0.1), 400, "invalid-json", "learningRate");
    refused(
        j -> j.put("hyperparameters", Map.of("steps", 10, "epochs", 2)),
        400,
        "invalid-json",
        "hyperparameters.epochs");

    // Fields of another kind, and the public model's own rules (the operator's kind).
    refused(j -> j.put("name", "my-model"), 422, "not-for-kind", "name");
    refused(j -> j.put("vocabSize", 512), 422, "not-for-kind", "vocabSize");
    refused(j -> j.put("kind", "public"), 403, "role-required", "kind");
    refusedAsOperator(j -> j.put("kind", "expert"), 403, "role-required", "kind");
    refusedAsOperator(j -> j.remove("name"), 422, "required", "name");
    refusedAsOperator(j -> j.put("name", "../anchor"), 422, "invalid-name", "name");
    refusedAsOperator(j -> j.put("name", Platform.PUBLIC_MODEL), 409, "public-model-exists", null);
    refusedAsOperator(j -> j.put("preset", "olmo2-7b"), 422, "unknown-preset", "preset");
    refusedAsOperator(j -> j.put("vocabSize", 256), 422, "invalid-vocab-size", "vocabSize");
    refusedAsOperator(j -> j.put("vocabSize", 1 << 20), 422, "invalid-vocab-size", "vocabSize");
    refusedAsOperator(
        j -> j.put("publicModel", Platform.PUBLIC_MODEL), 422, "not-for-kind", "publicModel");
    refusedAsOperator(
        j -> j.put("validation", Owner.newsValidation().toString()),
        422,
        "not-for-kind",
        "validation");

    // Not JSON, too large, not the owner, no token.
    Owner.owner().body("{\"kind\": ").post("/api/v1/jobs").then().statusCode(400);
    Owner.owner()
        .body(Map.of("kind", "expert", "domain", "x".repeat(2 << 20)))
        .post("/api/v1/jobs")
        .then()
        .statusCode(413);
    Owner.as("another-owner")
        .body(job())
        .post("/api/v1/jobs")
        .then()
        .statusCode(403)
        .body("code", equalTo("not-this-owner"));
    RestAssured.given()
        .contentType("application/json")
        .body(job())
        .post("/api/v1/jobs")
        .then()
        .statusCode(401);
    RestAssured.given()
        .header("Authorization", DevTokens.bearer(Platform.OWNER, "tenant"))
        .get("/api/v1/jobs")
        .then()
        .statusCode(403);

    assertThat(Owner.jobCount()).as("no job was created").isEqualTo(before);
  }

  @Test
  void anUnknownOrMalformedJobIdIsRefused() {
    Owner.owner()
        .get("/api/v1/jobs/6f1c3a52-8f0e-4d7e-9a39-6a1d5c0b2e11")
        .then()
        .statusCode(404)
        .body("code", equalTo("job-not-found"));
    Owner.owner()
        .get("/api/v1/jobs/not-a-uuid")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-id"))
        .body("field", equalTo("id"));
    Owner.owner()
        .post("/api/v1/jobs/6f1c3a52-8f0e-4d7e-9a39-6a1d5c0b2e11/cancel")
        .then()
        .statusCode(404);
  }

  private static Map<String, Object> job() {
    return new HashMap<>(Owner.expertJob(Owner.steps(10)));
  }

  private static void refused(
      Consumer<Map<String, Object>> change, int status, String code, String field) {
    Map<String, Object> job = job();
    change.accept(job);
    expectProblem(Owner.owner().body(job), status, code, field);
  }

  /** A public-model job, changed, from this service's owner holding the operator role. */
  private static void refusedAsOperator(
      Consumer<Map<String, Object>> change, int status, String code, String field) {
    Map<String, Object> job = new HashMap<>();
    job.put("kind", "public");
    job.put("name", "ops-micro");
    job.put("data", Owner.markedNews().toString());
    job.put("hyperparameters", Owner.steps(10));
    change.accept(job);
    expectProblem(
        RestAssured.given()
            .header("Authorization", DevTokens.bearer(Platform.OWNER, "operator"))
            .contentType("application/json")
            .body(job),
        status,
        code,
        field);
  }

  private static void expectProblem(
      RequestSpecification request, int status, String code, String field) {
    ValidatableResponse response = request.post("/api/v1/jobs").then().statusCode(status);
    response
        .body("code", equalTo(code))
        .body("field", equalTo(field))
        .body("detail", notNullValue());
  }
}
