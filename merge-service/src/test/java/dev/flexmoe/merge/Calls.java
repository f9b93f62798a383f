package dev.flexmoe.merge;

import static io.restassured.RestAssured.given;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Calls of the tests: tokens signed with the development key, and the registry's uploads. */
final class Calls {

  private static final Path PRIVATE_KEY = Path.of("../expert-registry/dev-keys/jwt-private.pem");

  private Calls() {}

  static String bearer(String subject, String role) {
    try {
      return "Bearer "
          + Jwt.issuer("flexmoe-dev")
              .subject(subject)
              .upn(subject)
              .groups(Set.of(role))
              .expiresIn(Duration.ofMinutes(30))
              .sign(KeyUtils.decodePrivateKey(Files.readString(PRIVATE_KEY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(PRIVATE_KEY + " is not a PKCS#8 key", e);
    }
  }

  /** A call to the merge service (the application under test). */
  static RequestSpecification merge(String subject, String role) {
    return given().header("Authorization", bearer(subject, role));
  }

  /** A call to the registry running beside it. */
  static RequestSpecification registry(String subject, String role) {
    return given()
        .baseUri(Platform.registry.toString())
        .port(Platform.registry.getPort())
        .header("Authorization", bearer(subject, role));
  }

  /** Uploads the public model in {@code dir} as {@code name}; returns its digest. */
  static String registerPublicModel(String name, Path dir) {
    String digest = HfCheckpoint.digest(dir);
    RequestSpecification upload =
        registry("ops", "operator").multiPart("name", name).multiPart("digest", digest);
    for (String file : List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER)) {
      upload = upload.multiPart(file, dir.resolve(file).toFile(), "application/octet-stream");
    }
    upload.post("/api/v1/public-models").then().statusCode(201);
    return digest;
  }

  /** Registers the public model unless the registry has it already; returns its digest. */
  static synchronized String ensurePublicModel(String name, Path dir) {
    String digest = HfCheckpoint.digest(dir);
    List<String> registered =
        registry("ops", "operator")
            .get("/api/v1/public-models")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("digest");
    return registered.contains(digest) ? digest : registerPublicModel(name, dir);
  }

  /** Uploads an expert artifact directory as {@code owner}; returns the expert's id. */
  static String uploadExpert(String owner, Path dir) {
    return registry(owner, "owner")
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

  static String registryState(String expertId) {
    return registry("ops", "operator")
        .get("/api/v1/experts/" + expertId)
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }
}
