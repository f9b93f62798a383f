package dev.flexmoe.platformtestkit;

import static io.restassured.RestAssured.given;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Uploads to a running expert registry, as an operator and as data owners do. */
public final class RegistryUploads {

  private final URI registry;

  public RegistryUploads(URI registry) {
    this.registry = registry;
  }

  /** A call to the registry as {@code subject} with {@code role}. */
  public RequestSpecification as(String subject, String role) {
    return given()
        .baseUri(registry.getScheme() + "://" + registry.getHost())
        .port(registry.getPort())
        .header("Authorization", DevTokens.bearer(subject, role));
  }

  /** Uploads the public model in {@code dir} as {@code name}; returns its digest. */
  public String registerPublicModel(String name, Path dir) {
    String digest = HfCheckpoint.digest(dir);
    RequestSpecification upload =
        as("ops", "operator").multiPart("name", name).multiPart("digest", digest);
    for (String file : List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER)) {
      upload = upload.multiPart(file, dir.resolve(file).toFile(), "application/octet-stream");
    }
    upload.post("/api/v1/public-models").then().statusCode(201);
    return digest;
  }

  /** Registers the public model unless the registry has it already; returns its digest. */
  public synchronized String ensurePublicModel(String name, Path dir) {
    String digest = HfCheckpoint.digest(dir);
    List<String> registered =
        as("ops", "operator")
            .get("/api/v1/public-models")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("digest");
    return registered.contains(digest) ? digest : registerPublicModel(name, dir);
  }

  /** Uploads an expert artifact directory as {@code owner}; returns the expert's id. */
  public String uploadExpert(String owner, Path dir) {
    return as(owner, "owner")
        .multiPart(
            ExpertArtifact.MANIFEST,
            dir.resolve(ExpertArtifact.MANIFEST).toFile(),
            "application/json")
        .multiPart(
            ExpertArtifact.WEIGHTS,
            dir.resolve(ExpertArtifact.WEIGHTS).toFile(),
            "application/octet-stream")
        .post("/api/v1/experts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
