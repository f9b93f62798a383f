package dev.flexmoe.inference;

import static io.restassured.RestAssured.given;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.platformtestkit.DevTokens;
import dev.flexmoe.platformtestkit.RegistryUploads;
import dev.flexmoe.testkit.TopicRecords;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The tests' calls: tokens, the registry's uploads, and records as the other services send them.
 */
final class Calls {

  private Calls() {}

  static String bearer(String subject, String role) {
    return DevTokens.bearer(subject, role);
  }

  /** A call to the inference service, as a tenant. */
  static RequestSpecification tenant(String tenant) {
    return given()
        .header("Authorization", bearer(tenant, "tenant"))
        .contentType("application/json");
  }

  /** Uploads the public model in {@code dir}; returns its digest. */
  static String registerPublicModel(String name, Path dir) {
    return new RegistryUploads(Platform.registry).registerPublicModel(name, dir);
  }

  /** Uploads an expert artifact as {@code owner}; returns the expert's id. */
  static String uploadExpert(String owner, ExpertArtifact expert) {
    return new RegistryUploads(Platform.registry).uploadExpert(owner, expert.dir());
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
