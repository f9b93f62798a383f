package dev.flexmoe.registry;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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

  static Response registerPublicModel(String name, String digest) {
    return as("operator-1", "operator")
        .contentType("application/json")
        .body(Fixtures.publicModelBody(name, digest))
        .post("/api/v1/public-models");
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
