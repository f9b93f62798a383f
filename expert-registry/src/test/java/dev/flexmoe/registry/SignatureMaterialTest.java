package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a service needs to check an owner's signature itself, served as uploaded: the bytes of
 * {@code expert.json} (which the signature covers), the {@code expert.sig} text, and the owner's
 * public keys. Who else may read them is in {@link AccessControlTest}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SignatureMaterialTest {

  @Test
  void aServiceVerifiesASignedUploadWithWhatTheRegistryServes() {
    String anchor = RegistryClient.registerPublicModel("public-signature-material");
    KeyPair key = ExpertSignatures.generateKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    as("kim", "owner")
        .contentType("application/json")
        .body("{\"publicKey\":\"" + publicKey + "\"}")
        .post("/api/v1/owners/kim/keys")
        .then()
        .statusCode(201);
    Fixtures.Artifact artifact = notAsJacksonWritesIt(Fixtures.expert(anchor, "legal", "kim", 61));
    String signatureFile = BadUploadTest.sign(key, artifact) + "\n";
    String id =
        RegistryClient.upload(as("kim", "owner"), artifact)
            .multiPart("signature", signatureFile)
            .post("/api/v1/experts")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    Response manifest = as("merge", "service").get("/api/v1/experts/" + id + "/files/expert.json");
    manifest.then().statusCode(200).contentType(startsWith("application/json"));
    assertThat(manifest.asByteArray()).isEqualTo(artifact.manifest());
    Response signature = as("merge", "service").get("/api/v1/experts/" + id + "/files/expert.sig");
    signature.then().statusCode(200).contentType(startsWith("text/plain"));
    assertThat(signature.asString()).isEqualTo(signatureFile);
    List<Map<String, Object>> keys =
        as("merge", "service")
            .get("/api/v1/owners/kim/keys")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0))
        .containsEntry("ownerId", "kim")
        .containsEntry("publicKey", publicKey)
        .containsEntry("fingerprint", Digests.sha256(key.getPublic().getEncoded()));

    byte[] servedKey = Base64.getDecoder().decode((String) keys.get(0).get("publicKey"));
    byte[] signed = ExpertSignatures.message(manifest.asByteArray(), artifact.digest());
    byte[] servedSignature = Base64.getDecoder().decode(signature.asString().strip());
    assertThat(ExpertSignatures.verifies(servedKey, signed, servedSignature)).isTrue();
  }

  @Test
  void anUnsignedUploadKeepsItsManifestBytesAndHasNoSignature() {
    String anchor = RegistryClient.registerPublicModel("public-unsigned-material");
    Fixtures.Artifact utf8 = Fixtures.expert(anchor, "news", "lena", 62);
    // JSON in UTF-16 (with its byte order mark) parses; a text column would not keep its bytes.
    byte[] utf16 =
        new String(utf8.manifest(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
    Fixtures.Artifact artifact = new Fixtures.Artifact(utf16, utf8.tensors(), utf8.digest());
    String id =
        RegistryClient.upload("lena", artifact)
            .then()
            .statusCode(201)
            .body("signed", equalTo(false))
            .body("manifest.domain", equalTo("news"))
            .extract()
            .path("id");

    Response manifest = as("lena", "owner").get("/api/v1/experts/" + id + "/files/expert.json");
    manifest.then().statusCode(200);
    assertThat(manifest.asByteArray()).isEqualTo(utf16);
    as("merge", "service")
        .get("/api/v1/experts/" + id + "/files/expert.sig")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("no-signature"))
        .body("field", equalTo("expert.sig"));
    as("merge", "service")
        .get("/api/v1/owners/lena/keys")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
  }

  /**
   * The manifest with CRLF line ends, indentation and an escaped letter: the same JSON value in
   * bytes that writing it again would not reproduce.
   */
  private static Fixtures.Artifact notAsJacksonWritesIt(Fixtures.Artifact artifact) {
    try {
      String pretty =
          Fixtures.JSON
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(Fixtures.JSON.readTree(artifact.manifest()))
              .replace("\"legal\"", "\"leg\\u0061l\"")
              .replace("\n", "\r\n");
      return new Fixtures.Artifact(
          (pretty + "\r\n").getBytes(StandardCharsets.UTF_8),
          artifact.tensors(),
          artifact.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
