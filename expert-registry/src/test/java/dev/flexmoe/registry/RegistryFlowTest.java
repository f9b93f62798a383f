package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The registry's main path on the real broker and database: a public model, an upload, the
 * ExpertRegistered event, a byte-identical download, validation and publication by the merge
 * service, and the whole history; then withdrawal with the artifact kept while a version needs it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RegistryFlowTest {

  private static final String EXPERTS = TopicCatalog.EXPERTS.name();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void anExpertGoesFromUploadToActiveAndEveryStepIsVisible() {
    Topics topics = new Topics(bootstrapServers);
    String anchor = RegistryClient.registerPublicModel("public-flow");
    Fixtures.Artifact artifact = Fixtures.expert(anchor, "news", "alice", 1);

    Response created = RegistryClient.upload("alice", artifact);
    created
        .then()
        .statusCode(201)
        .header("Location", org.hamcrest.Matchers.endsWith(created.path("id")));
    String id = created.path("id");
    assertThat(created.<String>path("state")).isEqualTo("SUBMITTED");
    assertThat(created.<String>path("artifactDigest")).isEqualTo(artifact.digest());

    List<CloudEvent<?>> registered =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> topics.events(EXPERTS, id), events -> !events.isEmpty());
    CloudEvent<?> event = registered.get(0);
    assertThat(event.specversion()).isEqualTo("1.0");
    assertThat(event.type()).isEqualTo("dev.flexmoe.ExpertRegistered.v1");
    assertThat(event.source()).isEqualTo("/flexmoe/expert-registry");
    assertThat(event.subject()).isEqualTo(id);
    assertThat(event.data())
        .isEqualTo(
            new ExpertRegistered(
                id,
                "alice",
                "news",
                artifact.digest(),
                anchor,
                (long) artifact.tensors().length,
                1));

    Response download = as("merge", "service").get("/api/v1/experts/" + id + "/artifact");
    download.then().statusCode(200).header("ETag", "\"" + artifact.digest() + "\"");
    assertThat(download.asByteArray()).isEqualTo(artifact.tensors());
    as("merge", "service")
        .header("If-None-Match", "\"" + artifact.digest() + "\"")
        .get("/api/v1/experts/" + id + "/artifact")
        .then()
        .statusCode(304);
    Response part =
        as("merge", "service")
            .header("Range", "bytes=8-107")
            .get("/api/v1/experts/" + id + "/artifact");
    part.then().statusCode(206).header("Content-Range", "bytes 8-107/" + artifact.tensors().length);
    assertThat(part.asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(artifact.tensors(), 8, 108));
    as("merge", "service")
        .header("Range", "bytes=" + artifact.tensors().length + "-")
        .get("/api/v1/experts/" + id + "/artifact")
        .then()
        .statusCode(416);

    topics.send(
        TopicCatalog.VALIDATIONS.name(),
        new ExpertValidated(id, artifact.digest(), Map.of("publicProbeBitsPerByte", 2.4)));
    RegistryClient.awaitState(id, "VALIDATED");
    topics.send(
        TopicCatalog.MODEL_VERSIONS.name(),
        new ModelVersionPublished(
            "flexmix-flow",
            1L,
            anchor,
            List.of(new ModelVersionPublished.Expert(id, artifact.digest(), 1)),
            2,
            null));
    RegistryClient.awaitState(id, "ACTIVE");

    List<Map<String, Object>> history = RegistryClient.history(as("alice", "owner"), id);
    assertThat(history)
        .extracting(step -> step.get("to"))
        .containsExactly("SUBMITTED", "VALIDATED", "ACTIVE");
    assertThat(history)
        .extracting(step -> step.get("actor"))
        .containsExactly("alice", "/flexmoe/merge-service", "/flexmoe/merge-service");
    assertThat(history).allSatisfy(step -> assertThat(step.get("at")).isNotNull());

    // Withdrawn while the published version contains it: the artifact stays downloadable.
    as("alice", "owner")
        .queryParam("reason", "license ended")
        .delete("/api/v1/experts/" + id)
        .then()
        .statusCode(200);
    RegistryClient.awaitState(id, "WITHDRAWN");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                topics.events(EXPERTS, id).stream()
                    .anyMatch(e -> e.data() instanceof ExpertWithdrawn));
    as("merge", "service").get("/api/v1/experts/" + id + "/artifact").then().statusCode(200);

    // The next version leaves it out: nothing needs the blob any more.
    topics.send(
        TopicCatalog.MODEL_VERSIONS.name(),
        new ModelVersionPublished("flexmix-flow", 2L, anchor, List.of(), 1, null));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("merge", "service")
                    .get("/api/v1/experts/" + id + "/artifact")
                    .then()
                    .statusCode(410));
  }

  @Test
  void theSameOwnerUploadingTheSameBytesGetsTheSameExpert() {
    String anchor = RegistryClient.registerPublicModel("public-idempotent");
    Fixtures.Artifact artifact = Fixtures.expert(anchor, "code", "bob", 2);
    String first =
        RegistryClient.upload("bob", artifact).then().statusCode(201).extract().path("id");
    String second =
        RegistryClient.upload("bob", artifact).then().statusCode(200).extract().path("id");
    assertThat(second).isEqualTo(first);
    List<Map<String, Object>> history = RegistryClient.history(as("bob", "owner"), first);
    assertThat(history).hasSize(1);
  }

  @Test
  void listingFiltersByOwnerDomainStateAndAnchorAndPages() {
    String anchor = RegistryClient.registerPublicModel("public-listing");
    for (int i = 0; i < 3; i++) {
      RegistryClient.upload("carol", Fixtures.expert(anchor, "math", "carol", 100 + i))
          .then()
          .statusCode(201);
    }
    RegistryClient.upload("dave", Fixtures.expert(anchor, "math", "dave", 200))
        .then()
        .statusCode(201);

    Response page =
        as("ops", "operator")
            .queryParam("anchor", anchor)
            .queryParam("domain", "math")
            .queryParam("size", 2)
            .get("/api/v1/experts");
    page.then().statusCode(200);
    assertThat(page.<Integer>path("total")).isEqualTo(4);
    assertThat(page.<List<?>>path("items")).hasSize(2);
    Response carolsOwn = as("carol", "owner").queryParam("anchor", anchor).get("/api/v1/experts");
    assertThat(carolsOwn.<List<String>>path("items.ownerId")).containsOnly("carol").hasSize(3);
    as("ops", "operator")
        .queryParam("anchor", anchor)
        .queryParam("state", "ACTIVE")
        .get("/api/v1/experts")
        .then()
        .statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(0));
    as("ops", "operator")
        .queryParam("state", "DORMANT")
        .get("/api/v1/experts")
        .then()
        .statusCode(400)
        .body("field", org.hamcrest.Matchers.equalTo("state"));
  }

  @Test
  void anOwnerWithAKeyUploadsSignedExperts() throws Exception {
    String anchor = RegistryClient.registerPublicModel("public-signed");
    java.security.KeyPair key =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    as("judy", "owner")
        .contentType("application/json")
        .body(Fixtures.JSON.createObjectNode().put("publicKey", pem).toString())
        .post("/api/v1/owners/judy/keys")
        .then()
        .statusCode(201)
        .body("fingerprint", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));

    Fixtures.Artifact artifact = Fixtures.expert(anchor, "academic", "judy", 51);
    Response signed =
        RegistryClient.upload(as("judy", "owner"), artifact)
            .multiPart("signature", BadUploadTest.sign(key, artifact))
            .post("/api/v1/experts");
    signed.then().statusCode(201).body("signed", org.hamcrest.Matchers.equalTo(true));
  }

  @Test
  void theApiIsDescribedInOpenApi() {
    String openapi =
        io.restassured.RestAssured.get("/q/openapi").then().statusCode(200).extract().asString();
    assertThat(openapi)
        .contains(
            "/api/v1/experts/{id}/artifact",
            "/api/v1/experts/{id}/files/expert.json",
            "/api/v1/experts/{id}/files/expert.sig",
            "/api/v1/public-models",
            "/api/v1/owners/{ownerId}/keys");
  }
}
