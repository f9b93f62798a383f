package dev.flexmoe.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may do what, each cell of the matrix on its own. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AuthorizationTest {

  private static final Map<String, Object> OPEN = Map.of("state", "OPEN");
  private static final Map<String, Object> OFF = Map.of("state", "OFF", "reason", "incident");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private String annasExpert;

  @BeforeEach
  void anExpertOfAnna() {
    annasExpert = new Policy(bootstrap).registerExpert("anna");
  }

  @Test
  void theOwnerSetsAndReadsItsLicense() {
    Policy.as("anna", "owner").body(OPEN).put(license()).then().statusCode(200);
    Policy.as("anna", "owner").get(license()).then().statusCode(200).body("state", equalTo("OPEN"));
  }

  @Test
  void anotherOwnerCanNeitherReadNorChangeIt() {
    Policy.as("boris", "owner")
        .get(license())
        .then()
        .statusCode(403)
        .body("code", equalTo("not-owner"));
    Policy.as("boris", "owner")
        .body(OFF)
        .put(license())
        .then()
        .statusCode(403)
        .body("code", equalTo("not-owner"));
    Policy.as("boris", "owner").get(license() + "/history").then().statusCode(403);
  }

  @Test
  void anOperatorMaySwitchItOffButNeverOpenIt() {
    Policy.as("ops", "operator")
        .body(OPEN)
        .put(license())
        .then()
        .statusCode(403)
        .body("code", equalTo("operator-off-only"))
        .body("field", equalTo("state"));
    Policy.as("ops", "operator").body(OFF).put(license()).then().statusCode(200);
    Policy.as("anna", "owner")
        .get(license() + "/history")
        .then()
        .statusCode(200)
        .body("[0].emergency", equalTo(true))
        .body("[0].actor", equalTo("ops"))
        .body("[0].actorRole", equalTo("operator"));
  }

  @Test
  void aTenantChangesNothing() {
    Policy.tenant("acme");
    Policy.as("acme", "tenant").body(OPEN).put(license()).then().statusCode(403);
    Policy.as("acme", "tenant").get(license()).then().statusCode(403);
    Policy.as("acme", "tenant")
        .body(Map.of("licenseClasses", java.util.List.of("clinical")))
        .put("/api/v1/tenants/acme")
        .then()
        .statusCode(403);
    Policy.as("acme", "tenant").get("/api/v1/tenants/acme").then().statusCode(200);
    Policy.as("acme", "tenant").get("/api/v1/tenants").then().statusCode(403);
    Policy.tenant("globex");
    Policy.as("acme", "tenant").get("/api/v1/tenants/globex").then().statusCode(404);
  }

  @Test
  void aServiceReadsButDoesNotWrite() {
    Policy.as("inference", "service").get(license()).then().statusCode(200);
    Policy.as("inference", "service").body(OFF).put(license()).then().statusCode(403);
  }

  @Test
  void noTokenIs401AndAWrongRoleIs403() {
    given()
        .contentType("application/json")
        .body(OPEN)
        .put(license())
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));
    given().get("/api/v1/tenants").then().statusCode(401);
    Policy.as("anna", "owner")
        .get("/api/v1/tenants")
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
  }

  private String license() {
    return "/api/v1/experts/" + annasExpert + "/license";
  }
}
