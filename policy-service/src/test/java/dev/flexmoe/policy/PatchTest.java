package dev.flexmoe.policy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** PATCH changes only the fields it names, as a JSON merge patch. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class PatchTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aPatchKeepsWhatItDoesNotName() {
    String expert = new Policy(bootstrap).registerExpert("lena");
    Policy.tenant("soylent", "clinical");
    String license = "/api/v1/experts/" + expert + "/license";
    String until = Instant.now().plusSeconds(86_400).toString();
    Policy.as("lena", "owner")
        .body(Map.of("state", "RESTRICTED", "tenants", List.of("soylent"), "validUntil", until))
        .put(license)
        .then()
        .statusCode(200);

    Policy.as("lena", "owner")
        .contentType("application/merge-patch+json")
        .body(Map.of("licenseClasses", List.of("clinical")))
        .patch(license)
        .then()
        .statusCode(200)
        .body("state", equalTo("RESTRICTED"))
        .body("tenants", equalTo(List.of("soylent")))
        .body("licenseClasses", equalTo(List.of("clinical")))
        .body("revision", equalTo(2));
    Policy.as("lena", "owner")
        .contentType("application/merge-patch+json")
        .body("{\"validUntil\":null}")
        .patch(license)
        .then()
        .statusCode(200)
        .body("validUntil", nullValue())
        .body("revision", equalTo(3));
    Policy.as("lena", "owner")
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"2\"")
        .body(Map.of("state", "OFF"))
        .patch(license)
        .then()
        .statusCode(412)
        .body("code", equalTo("stale-revision"));
    Policy.as("lena", "owner")
        .contentType("application/merge-patch+json")
        .body(Map.of("colour", "blue"))
        .patch(license)
        .then()
        .statusCode(400)
        .body("field", equalTo("colour"));
    Policy.as("ops", "operator")
        .contentType("application/merge-patch+json")
        .body(Map.of("state", "OPEN"))
        .patch(license)
        .then()
        .statusCode(403)
        .body("code", equalTo("operator-off-only"));
  }
}
