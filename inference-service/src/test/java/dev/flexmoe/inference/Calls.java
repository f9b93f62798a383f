package dev.flexmoe.inference;

import static io.restassured.RestAssured.given;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.testkit.TopicRecords;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The tests' calls: tokens, the registry's uploads, and records as the other services send them.
 */
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

  /** A call to the inference service, as a tenant. */
  static RequestSpecification tenant(String tenant) {
    return given()
        .header("Authorization", bearer(tenant, "tenant"))
        .contentType("application/json");
  }

  private static RequestSpecification registry(String subject, String role) {
    return given()
        .baseUri("http://" + Platform.registry.getHost())
        .port(Platform.registry.getPort())
        .header("Authorization", bearer(subject, role));
  }

  /** Uploads the public model in {@code dir}; returns its digest. */
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

  /** Uploads an expert artifact as {@code owner}; returns the expert's id. */
  static String uploadExpert(String owner, ExpertArtifact expert) {
    Path dir = expert.dir();
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

  /** Publishes an expert's policy as the policy service does. */
  static void policy(
      String expertId,
      ExpertPolicy.State state,
      List<String> tenants,
      Instant validUntil,
      long revision) {
    send(
        TopicCatalog.EXPERT_POLICIES.name(),
        expertId,
        CloudEvent.of(
            "/flexmoe/policy-service",
            new ExpertPolicy(expertId, state, tenants, List.of(), validUntil, revision)));
  }

  static void tenantGrants(String tenant, List<String> classes, boolean suspended, long revision) {
    send(
        TopicCatalog.TENANTS.name(),
        tenant,
        CloudEvent.of(
            "/flexmoe/policy-service",
            new TenantGrants(tenant, tenant, classes, suspended, revision)));
  }

  static void send(String topic, String key, CloudEvent<?> event) {
    TopicRecords.send(Platform.bootstrap, topic, key, CloudEventCodec.encode(event));
  }
}
