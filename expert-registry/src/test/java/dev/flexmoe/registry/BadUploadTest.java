package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalog: every hostile or broken upload gets its own 4xx problem naming the field
 * (or none, for a wrong content type or role), and leaves no row, no blob and no outbox event
 * behind.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class BadUploadTest {

  private static String anchor;
  private static KeyPair erinsKey;

  @Inject DataSource dataSource;

  /** One bad request and the problem it must get. */
  record Case(String name, Supplier<Response> request, int status, String code, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  static synchronized String anchor() {
    if (anchor == null) {
      anchor = RegistryClient.registerPublicModel("public-bad-uploads");
    }
    return anchor;
  }

  static synchronized KeyPair erinsKey() throws Exception {
    if (erinsKey == null) {
      erinsKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      as("erin", "owner")
          .contentType("application/json")
          .body(
              "{\"publicKey\":\""
                  + Base64.getEncoder().encodeToString(erinsKey.getPublic().getEncoded())
                  + "\"}")
          .post("/api/v1/owners/erin/keys")
          .then()
          .statusCode(201);
    }
    return erinsKey;
  }

  static Fixtures.Artifact good(long seed) {
    return Fixtures.expert(anchor(), "forum", "mallory", seed);
  }

  static Stream<Case> catalog() {
    return Stream.of(
        new Case(
            "truncated file",
            () ->
                RegistryClient.upload(
                    "mallory", good(1).withTensors(Raw.truncated(good(1).tensors(), 100))),
            422,
            "safetensors-offsets-out-of-bounds",
            // the writer stores tensors by name, so the last one is the one cut short
            "expert.safetensors/" + ExpertLayout.projection(1, "up")),
        new Case(
            "header length beyond the file",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(2)
                        .withTensors(
                            Raw.withHeaderLength(good(2).tensors(), good(2).tensors().length))),
            422,
            "safetensors-header-length-beyond-file",
            "expert.safetensors"),
        new Case(
            "overlapping offsets",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(3)
                        .withTensors(
                            Raw.safetensors(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                                new byte[12]))),
            422,
            "safetensors-overlapping-tensors",
            "expert.safetensors/b"),
        new Case(
            "disallowed dtype",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(4)
                        .withTensors(
                            Raw.safetensors(
                                "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                                new byte[4]))),
            422,
            "safetensors-dtype-not-allowed",
            "expert.safetensors/a"),
        new Case(
            "shape mismatch against the anchor",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(5)
                        .withTensors(
                            Fixtures.tensors(
                                new FlexOlmoConfig(
                                    256, 64, 128, 2, 4, 2, 1, 1, false, 1e-6, 10_000, 128, false,
                                    0.02, null),
                                5,
                                writer -> {}))),
            422,
            "tensor-layout",
            "expert.safetensors/" + ExpertLayout.projection(0, "down")),
        new Case(
            "NaN weights",
            () ->
                RegistryClient.upload(
                    "mallory", good(6).withTensors(Raw.withNaN(good(6).tensors()))),
            422,
            "safetensors-non-finite-value",
            "expert.safetensors/" + ExpertLayout.projection(0, "down")),
        new Case(
            "unknown anchor",
            () ->
                RegistryClient.upload(
                    "mallory", Fixtures.expert(Fixtures.randomDigest(), "forum", "mallory", 7)),
            422,
            "unknown-anchor",
            "expert.json/anchorDigest"),
        new Case(
            "missing manifest field",
            () ->
                RegistryClient.upload(
                    "mallory", good(8).withManifest(node -> node.remove("domain"))),
            400,
            "invalid-manifest",
            "expert.json/domain"),
        new Case(
            "unknown manifest field",
            () ->
                RegistryClient.upload(
                    "mallory", good(9).withManifest(node -> node.put("trainingData", "all of it"))),
            400,
            "invalid-manifest",
            "expert.json/trainingData"),
        new Case(
            "non-JSON manifest",
            () ->
                RegistryClient.upload(
                    "mallory",
                    new Fixtures.Artifact(
                        "domain: forum\n".getBytes(), good(10).tensors(), good(10).digest())),
            400,
            "invalid-manifest",
            "expert.json"),
        new Case(
            "manifest digest is not the tensors'",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(11)
                        .withManifest(node -> node.put("tensorsSha256", Fixtures.randomDigest()))),
            422,
            "digest-mismatch",
            "expert.json/tensorsSha256"),
        new Case(
            "manifest names another owner",
            () ->
                RegistryClient.upload(
                    "mallory", good(12).withManifest(node -> node.put("owner", "alice"))),
            422,
            "owner-mismatch",
            "expert.json/owner"),
        new Case(
            "oversized artifact",
            () -> RegistryClient.upload("mallory", good(13).withTensors(new byte[5 * 1024 * 1024])),
            413,
            "too-large",
            "expert.safetensors"),
        new Case(
            "bad signature",
            () -> {
              erinsKeyQuietly();
              Fixtures.Artifact artifact = Fixtures.expert(anchor(), "forum", "erin", 14);
              return RegistryClient.upload(as("erin", "owner"), artifact)
                  .multiPart("signature", Base64.getEncoder().encodeToString(new byte[64]))
                  .post("/api/v1/experts");
            },
            422,
            "invalid-signature",
            "signature"),
        new Case(
            "signature over other bytes",
            () -> {
              KeyPair key = erinsKeyQuietly();
              Fixtures.Artifact signed = Fixtures.expert(anchor(), "forum", "erin", 15);
              Fixtures.Artifact other = Fixtures.expert(anchor(), "forum", "erin", 16);
              return RegistryClient.upload(as("erin", "owner"), other)
                  .multiPart("signature", sign(key, signed))
                  .post("/api/v1/experts");
            },
            422,
            "invalid-signature",
            "signature"),
        new Case(
            "unsigned upload of an owner with a key",
            () -> {
              erinsKeyQuietly();
              return RegistryClient.upload("erin", Fixtures.expert(anchor(), "forum", "erin", 17));
            },
            422,
            "signature-required",
            "signature"),
        new Case(
            "another owner re-uploading someone's digest",
            () -> {
              Fixtures.Artifact alices = Fixtures.expert(anchor(), "forum", "alice", 18);
              RegistryClient.upload("alice", alices).then().statusCode(201);
              return RegistryClient.upload(
                  "mallory", alices.withManifest(node -> node.putNull("owner")));
            },
            409,
            "digest-taken",
            "expert.safetensors"),
        new Case(
            "path-traversal part file name",
            () ->
                as("mallory", "owner")
                    .multiPart(
                        "expert.json",
                        "../../etc/expert.json",
                        good(19).manifest(),
                        "application/json")
                    .multiPart(
                        "expert.safetensors",
                        "expert.safetensors",
                        good(19).tensors(),
                        "application/octet-stream")
                    .post("/api/v1/experts"),
            400,
            "invalid-file-name",
            "expert.json"),
        new Case(
            "router bias the manifest does not declare",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(41)
                        .withTensors(
                            Fixtures.tensors(
                                Fixtures.CONFIG,
                                41,
                                writer -> {
                                  for (int layer = 0;
                                      layer < Fixtures.CONFIG.numHiddenLayers();
                                      layer++) {
                                    writer.putF32(
                                        ExpertLayout.routerBias(layer),
                                        new long[] {1},
                                        new float[] {0.5f});
                                  }
                                }))),
            422,
            "tensor-layout",
            "expert.safetensors/" + ExpertLayout.routerBias(0)),
        new Case(
            "path-traversal tensor name",
            () ->
                RegistryClient.upload(
                    "mallory",
                    good(20)
                        .withTensors(
                            Fixtures.tensors(
                                Fixtures.CONFIG,
                                20,
                                writer ->
                                    writer.putF32(
                                        "../../etc/passwd", new long[] {1}, new float[] {0f})))),
            422,
            "tensor-layout",
            "expert.safetensors/../../etc/passwd"),
        new Case(
            "missing part",
            () ->
                as("mallory", "owner")
                    .multiPart(
                        "expert.json", "expert.json", good(21).manifest(), "application/json")
                    .post("/api/v1/experts"),
            400,
            "missing-part",
            "expert.safetensors"),
        new Case(
            "wrong content type",
            () ->
                as("mallory", "owner")
                    .contentType("application/json")
                    .body(new String(good(22).manifest()))
                    .post("/api/v1/experts"),
            415,
            "unsupported-media-type",
            null),
        new Case(
            "no token",
            () -> RegistryClient.upload(given(), good(23)).post("/api/v1/experts"),
            401,
            "unauthorized",
            "Authorization"),
        new Case(
            "token signed by another key",
            () ->
                RegistryClient.upload(
                        given().header("Authorization", "Bearer " + forgedToken()), good(24))
                    .post("/api/v1/experts"),
            401,
            "unauthorized",
            "Authorization"),
        new Case(
            "wrong role",
            () -> RegistryClient.upload(as("ops", "operator"), good(25)).post("/api/v1/experts"),
            403,
            "forbidden",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalog")
  void aBadUploadIsRefusedAndLeavesNothing(Case bad) throws Exception {
    anchor();
    erinsKey();
    Stored before = Stored.in(dataSource);
    Response response = bad.request().get();
    response.then().statusCode(bad.status());
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.<String>path("code")).isEqualTo(bad.code());
    assertThat(response.<Integer>path("status")).isEqualTo(bad.status());
    assertThat(response.<String>path("detail")).isNotBlank();
    // null: the problem has no field member at all
    assertThat(response.<String>path("field")).isEqualTo(bad.field());
    Stored after = Stored.in(dataSource);
    if (bad.name().startsWith("another owner")) {
      // alice's own upload in the set-up is the one registration that may appear
      assertThat(after).isEqualTo(before.plusOneRegistration());
    } else {
      assertThat(after).isEqualTo(before);
    }
  }

  private static KeyPair erinsKeyQuietly() {
    try {
      return erinsKey();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(KeyPair key, Fixtures.Artifact artifact) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key.getPrivate());
      signer.update(ExpertSignatures.message(artifact.manifest(), artifact.digest()));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String forgedToken() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return io.smallrye.jwt.build.Jwt.issuer("flexmoe-dev")
          .subject("mallory")
          .upn("mallory")
          .groups(java.util.Set.of("owner", "operator"))
          .sign(generator.generateKeyPair().getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
