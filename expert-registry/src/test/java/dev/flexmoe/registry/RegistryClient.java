package dev.flexmoe.registry;

import static io.restassured.RestAssured.given;

import dev.flexmoe.model.artifact.HfCheckpoint;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;

/** The registry's REST API as the tests call it. */
final class RegistryClient {

  private RegistryClient() {}

  static RequestSpecification as(String subject, String... roles) {
    return given().header("Authorization", Fixtures.bearer(subject, roles));
  }

  /** An upload of the checkpoint in {@code dir} under {@code name}, claiming {@code digest}. */
  static RequestSpecification publicModelUpload(
      RequestSpecification request, String name, String digest, Path dir) {
    RequestSpecification upload = request.multiPart("name", name).multiPart("digest", digest);
    for (String file : List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER)) {
      upload = upload.multiPart(file, dir.resolve(file).toFile(), "application/octet-stream");
    }
    return upload;
  }

  /** Registers a fresh public model made by {@link Fixtures#publicModel}; returns its digest. */
  static String registerPublicModel(String name) {
    Path dir = Fixtures.publicModel(name.hashCode());
    String digest = HfCheckpoint.digest(dir);
    publicModelUpload(as("operator-1", "operator"), name, digest, dir)
        .post("/api/v1/public-models")
        .then()
        .statusCode(201);
    return digest;
  }

  static RequestSpecification upload(RequestSpecification request, Fixtures.Artifact artifact) {
    return request
        .multiPart("expert.json", "expert.json", artifact.manifest(), "application/json")
        .multiPart(
            "expert.safetensors",
            "expert.safetensors",
            artifact.tensors(),
            "application/octet-stream");
  }

  static Response upload(String owner, Fixtures.Artifact artifact) {
    return upload(as(owner, "owner"), artifact).post("/api/v1/experts");
  }

  /** The expert's history as {@code caller} sees it, oldest first. */
  static List<Map<String, Object>> history(RequestSpecification caller, String id) {
    return caller
        .get("/api/v1/experts/" + id + "/history")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  /** Waits until the registry shows the expert in {@code state}. */
  static void awaitState(String id, String state) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("ops", "operator")
                    .get("/api/v1/experts/" + id)
                    .then()
                    .statusCode(200)
                    .body("state", Matchers.equalTo(state)));
  }
}
