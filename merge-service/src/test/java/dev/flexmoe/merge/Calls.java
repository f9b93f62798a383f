package dev.flexmoe.merge;

import static io.restassured.RestAssured.given;

import dev.flexmoe.platformtestkit.DevTokens;
import dev.flexmoe.platformtestkit.RegistryUploads;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;

/** Calls of the tests: tokens signed with the development key, and the registry's uploads. */
final class Calls {

  private Calls() {}

  static String bearer(String subject, String role) {
    return DevTokens.bearer(subject, role);
  }

  /** A call to the merge service (the application under test). */
  static RequestSpecification merge(String subject, String role) {
    return given().header("Authorization", bearer(subject, role));
  }

  private static RegistryUploads uploads() {
    return new RegistryUploads(Platform.registry);
  }

  /** A call to the registry running beside it. */
  static RequestSpecification registry(String subject, String role) {
    return uploads().as(subject, role);
  }

  /** Uploads the public model in {@code dir} as {@code name}; returns its digest. */
  static String registerPublicModel(String name, Path dir) {
    return uploads().registerPublicModel(name, dir);
  }

  /** Registers the public model unless the registry has it already; returns its digest. */
  static synchronized String ensurePublicModel(String name, Path dir) {
    return uploads().ensurePublicModel(name, dir);
  }

  /** Uploads an expert artifact directory as {@code owner}; returns the expert's id. */
  static String uploadExpert(String owner, Path dir) {
    return uploads().uploadExpert(owner, dir);
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
