package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An operator deletes a tenant no license names, and its grants end in a tombstone; a tenant that a
 * license still names is refused with the experts to change.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class TenantDeletionTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aTenantNoLicenseNamesIsDeletedAndTombstoned() {
    Policy policy = new Policy(bootstrap);
    String tenant = "gone-" + Long.toHexString(System.nanoTime());
    Policy.tenant(tenant, "research");
    String expert = policy.registerExpert("hal");
    Policy.as("hal", "owner")
        .body(Map.of("state", "RESTRICTED", "tenants", List.of(tenant)))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200);

    Policy.as("ops", "operator")
        .delete("/api/v1/tenants/" + tenant)
        .then()
        .statusCode(409)
        .body("code", equalTo("tenant-in-use"))
        .body("field", equalTo("id"))
        .body("detail", org.hamcrest.Matchers.containsString(expert));
    Policy.as("hal", "owner").delete("/api/v1/tenants/" + tenant).then().statusCode(403);

    Policy.as("hal", "owner")
        .body(Map.of("state", "OPEN"))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200);
    Policy.as("ops", "operator").delete("/api/v1/tenants/" + tenant).then().statusCode(204);
    Policy.as("ops", "operator").get("/api/v1/tenants/" + tenant).then().statusCode(404);
    Policy.as("ops", "operator")
        .delete("/api/v1/tenants/" + tenant)
        .then()
        .statusCode(404)
        .body("code", equalTo("tenant-not-found"));

    List<ConsumerRecord<String, byte[]>> records =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    policy.records(TopicCatalog.TENANTS.name()).stream()
                        .filter(record -> record.key().equals(tenant))
                        .toList(),
                found -> found.size() >= 2);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).value()).isNotNull();
    assertThat(records.get(1).value()).isNull();
  }
}
