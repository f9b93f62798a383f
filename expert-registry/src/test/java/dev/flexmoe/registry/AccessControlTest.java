package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Who may do what: an owner sees and changes only its own experts and keys (another owner's experts
 * look absent), nobody without a valid token gets anything. Public models' registration rights are
 * in {@link PublicModelUploadTest}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AccessControlTest {

  @Test
  void anOwnerCannotReadOrWithdrawAnotherOwnersExpert() {
    String anchor = RegistryClient.registerPublicModel("public-access");
    String id =
        RegistryClient.upload("grace", Fixtures.expert(anchor, "news", "grace", 31))
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    as("heidi", "owner").get("/api/v1/experts/" + id).then().statusCode(404);
    as("heidi", "owner").get("/api/v1/experts/" + id + "/history").then().statusCode(404);
    as("heidi", "owner").get("/api/v1/experts/" + id + "/artifact").then().statusCode(404);
    as("heidi", "owner")
        .get("/api/v1/experts/" + id + "/files/expert.json")
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
    as("heidi", "owner")
        .get("/api/v1/experts/" + id + "/files/expert.sig")
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
    as("heidi", "owner").delete("/api/v1/experts/" + id).then().statusCode(404);
    as("heidi", "owner").queryParam("owner", "grace").get("/api/v1/experts").then().statusCode(403);
    as("heidi", "owner")
        .queryParam("anchor", anchor)
        .get("/api/v1/experts")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
    as("ops", "operator").delete("/api/v1/experts/" + id).then().statusCode(403);
    as("ops", "operator")
        .get("/api/v1/experts/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("SUBMITTED"));
    as("grace", "owner").get("/api/v1/experts/" + id).then().statusCode(200);
    as("grace", "owner").get("/api/v1/experts/" + id + "/files/expert.json").then().statusCode(200);
  }

  @Test
  void anOwnerRegistersAndReadsOnlyItsOwnKeys() {
    as("grace", "owner")
        .contentType("application/json")
        .body("{\"publicKey\":\"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\"}")
        .post("/api/v1/owners/heidi/keys")
        .then()
        .statusCode(403);
    as("grace", "owner")
        .contentType("application/json")
        .body("{\"publicKey\":\"not a key\"}")
        .post("/api/v1/owners/grace/keys")
        .then()
        .statusCode(400)
        .body("field", equalTo("publicKey"));
    as("grace", "owner")
        .get("/api/v1/owners/heidi/keys")
        .then()
        .statusCode(403)
        .body("code", equalTo("other-owner"));
    as("grace", "owner").get("/api/v1/owners/grace/keys").then().statusCode(200);
    as("ops", "operator").get("/api/v1/owners/heidi/keys").then().statusCode(200);
  }

  @Test
  void aBadJsonBodyOrAnUnknownPathIsAProblemToo() {
    as("grace", "owner")
        .contentType("application/json")
        .body(
            "{\"publicKey\":\"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\",\"extra\":1}")
        .post("/api/v1/owners/grace/keys")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-json"))
        .body("field", equalTo("extra"));
    as("ops", "operator")
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
  }
}
