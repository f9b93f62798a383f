package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An operator uploads a public model's files: the registry computes the digest over them as {@link
 * HfCheckpoint#digest} does, stores them and serves them back bit for bit (ETag, ranges); a bad
 * upload gets its problem naming the field and leaves nothing behind.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class PublicModelUploadTest {

  private static final List<String> FILES =
      List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER);

  private static final String PUBLIC_MODELS = "/api/v1/public-models";

  @Inject DataSource dataSource;

  @Test
  void theFilesAreStoredUnderTheCheckpointsDigestAndComeBackBitForBit() throws IOException {
    Path dir = Fixtures.publicModel(601);
    String digest = HfCheckpoint.digest(dir);

    Response created =
        RegistryClient.publicModelUpload(as("ops", "operator"), "public-served", digest, dir)
            .post(PUBLIC_MODELS);

    created.then().statusCode(201);
    assertThat(created.<String>path("digest")).isEqualTo(digest);
    assertThat(created.<Integer>path("hiddenSize")).isEqualTo(Fixtures.CONFIG.hiddenSize());
    assertThat(created.<String>path("config.model_type")).isEqualTo("flex_olmo");
    assertThat(created.jsonPath().getList("files.name")).containsExactlyElementsOf(FILES);
    String id = created.path("id");
    assertThat(created.header("Location")).endsWith("/api/v1/public-models/" + id);
    for (String file : FILES) {
      byte[] bytes = Files.readAllBytes(dir.resolve(file));
      String etag = "\"" + Digests.sha256(bytes) + "\"";
      Response download = as("alice", "owner").get(fileUrl(id, file));
      download.then().statusCode(200);
      assertThat(download.asByteArray()).isEqualTo(bytes);
      assertThat(download.header("ETag")).isEqualTo(etag);
      as("merge", "service")
          .header("If-None-Match", etag)
          .get(fileUrl(id, file))
          .then()
          .statusCode(304);
    }
    byte[] weights = Files.readAllBytes(dir.resolve(HfCheckpoint.WEIGHTS));
    Response range =
        as("merge", "service")
            .header("Range", "bytes=100-1123")
            .get(fileUrl(id, HfCheckpoint.WEIGHTS));
    range.then().statusCode(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes 100-1123/" + weights.length);
    assertThat(range.asByteArray()).isEqualTo(Arrays.copyOfRange(weights, 100, 1124));

    assertThat(as("ops", "operator").get("/api/v1/public-models/" + id).<String>path("digest"))
        .isEqualTo(digest);
    as("merge", "service").get(fileUrl(id, "expert.json")).then().statusCode(404);
    as("merge", "service")
        .get(fileUrl(Fixtures.randomDigest(), HfCheckpoint.CONFIG))
        .then()
        .statusCode(404);
    RegistryClient.upload("alice", Fixtures.expert(digest, "news", "alice", 602))
        .then()
        .statusCode(201);
  }

  /**
   * One bad request and the problem it must get; {@code prepare} does what the request needs before
   * the registry's contents are counted, and returns the request.
   */
  record Case(
      String name, Supplier<Supplier<Response>> prepare, int status, String code, String field) {

    /** A request that needs nothing beforehand. */
    static Case of(String name, Supplier<Response> request, int status, String code, String field) {
      return new Case(name, () -> request, status, code, field);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> catalog() {
    return Stream.of(
        Case.of(
            "a claimed digest that differs",
            () -> upload(Fixtures.publicModel(611), Fixtures.randomDigest()),
            422,
            "digest-mismatch",
            "digest"),
        Case.of(
            "truncated weights",
            () -> uploadChanged(612, HfCheckpoint.WEIGHTS, bytes -> Raw.truncated(bytes, 100)),
            422,
            "safetensors-offsets-out-of-bounds",
            // the writer stores tensors by name, so the last one is the one cut short
            HfCheckpoint.WEIGHTS + "/" + "model.norm.weight"),
        Case.of(
            "NaN weights",
            () -> uploadChanged(613, HfCheckpoint.WEIGHTS, Raw::withNaN),
            422,
            "safetensors-non-finite-value",
            HfCheckpoint.WEIGHTS + "/" + "lm_head.weight"),
        Case.of(
            "weights of another shape",
            () ->
                uploadChanged(
                    614,
                    HfCheckpoint.WEIGHTS,
                    bytes -> Fixtures.publicWeights(FlexOlmoConfig.micro(300), 614)),
            422,
            "tensor-layout",
            HfCheckpoint.WEIGHTS + "/" + "lm_head.weight"),
        Case.of(
            "a config that is not FlexOlmo",
            () -> uploadWithConfig(615, config -> config.put("model_type", "llama")),
            422,
            "not-a-public-model",
            HfCheckpoint.CONFIG + "/model_type"),
        Case.of(
            "a merged model with two experts",
            () -> uploadWithConfig(616, config -> config.put("num_experts", 2)),
            422,
            "not-a-public-model",
            HfCheckpoint.CONFIG + "/num_experts"),
        Case.of(
            "a config that is not JSON",
            () ->
                uploadChanged(
                    617, HfCheckpoint.CONFIG, bytes -> "model_type: flex_olmo".getBytes()),
            400,
            "invalid-config",
            HfCheckpoint.CONFIG),
        Case.of(
            "a tokenizer that is not JSON",
            () -> uploadChanged(618, HfCheckpoint.TOKENIZER, bytes -> new byte[] {'{', 'x'}),
            400,
            "invalid-tokenizer",
            HfCheckpoint.TOKENIZER),
        Case.of(
            "a tokenizer with ids beyond the vocabulary",
            () ->
                uploadWithConfig(
                    619, config -> config.put("vocab_size", 200), FlexOlmoConfig.micro(200)),
            422,
            "invalid-tokenizer",
            HfCheckpoint.TOKENIZER + "/model/vocab"),
        Case.of(
            "a missing part",
            () -> {
              Path dir = Fixtures.publicModel(620);
              return as("ops", "operator")
                  .multiPart("name", "public-partial")
                  .multiPart("digest", HfCheckpoint.digest(dir))
                  .multiPart(HfCheckpoint.CONFIG, dir.resolve(HfCheckpoint.CONFIG).toFile())
                  .multiPart(HfCheckpoint.WEIGHTS, dir.resolve(HfCheckpoint.WEIGHTS).toFile())
                  .post(PUBLIC_MODELS);
            },
            400,
            "missing-part",
            HfCheckpoint.TOKENIZER),
        Case.of(
            "an unexpected part",
            () ->
                freshModel("public-extra", 621)
                    .multiPart("router_bias.safetensors", "x".getBytes())
                    .post(PUBLIC_MODELS),
            400,
            "unexpected-part",
            "router_bias.safetensors"),
        Case.of(
            "oversized weights",
            () -> uploadChanged(622, HfCheckpoint.WEIGHTS, bytes -> new byte[3_500_000]),
            413,
            "too-large",
            HfCheckpoint.WEIGHTS),
        Case.of(
            "a bad name",
            () -> freshModel("../etc", 623).post(PUBLIC_MODELS),
            400,
            "invalid-name",
            "name"),
        new Case(
            "the same files under another name",
            () -> {
              Path dir = Fixtures.publicModel(624);
              String digest = HfCheckpoint.digest(dir);
              RegistryClient.publicModelUpload(as("ops", "operator"), "public-first", digest, dir)
                  .post(PUBLIC_MODELS)
                  .then()
                  .statusCode(201);
              return () ->
                  RegistryClient.publicModelUpload(
                          as("ops", "operator"), "public-second", digest, dir)
                      .post(PUBLIC_MODELS);
            },
            409,
            "already-registered",
            "digest"),
        new Case(
            "other files under a name that is taken",
            () -> {
              Path first = Fixtures.publicModel(627);
              RegistryClient.publicModelUpload(
                      as("ops", "operator"), "public-taken", HfCheckpoint.digest(first), first)
                  .post(PUBLIC_MODELS)
                  .then()
                  .statusCode(201);
              Path second = Fixtures.publicModel(628);
              return () ->
                  RegistryClient.publicModelUpload(
                          as("ops", "operator"),
                          "public-taken",
                          HfCheckpoint.digest(second),
                          second)
                      .post(PUBLIC_MODELS);
            },
            409,
            "already-registered",
            "name"),
        Case.of(
            "an owner",
            () -> upload(as("grace", "owner"), Fixtures.publicModel(625)),
            403,
            "forbidden",
            null),
        Case.of(
            "no token",
            () -> upload(given(), Fixtures.publicModel(626)),
            401,
            "unauthorized",
            "Authorization"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalog")
  void aBadUploadIsRefusedAndLeavesNothing(Case bad) throws Exception {
    Supplier<Response> request = bad.prepare().get();
    Stored before = Stored.in(dataSource);
    Response response = request.get();
    Stored after = Stored.in(dataSource);

    response.then().statusCode(bad.status());
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.<String>path("code")).isEqualTo(bad.code());
    assertThat(response.<String>path("detail")).isNotBlank();
    assertThat(response.<String>path("field")).isEqualTo(bad.field());
    assertThat(after).isEqualTo(before);
  }

  /** The upload of a fresh public model under {@code name}, by an operator. */
  private static RequestSpecification freshModel(String name, long seed) {
    Path dir = Fixtures.publicModel(seed);
    return RegistryClient.publicModelUpload(
        as("ops", "operator"), name, HfCheckpoint.digest(dir), dir);
  }

  private static String fileUrl(String id, String name) {
    return PUBLIC_MODELS + "/" + id + "/files/" + name;
  }

  private static Response upload(Path dir, String digest) {
    return RegistryClient.publicModelUpload(
            as("ops", "operator"), dir.getFileName().toString(), digest, dir)
        .post(PUBLIC_MODELS);
  }

  private static Response upload(RequestSpecification caller, Path dir) {
    return RegistryClient.publicModelUpload(
            caller, dir.getFileName().toString(), HfCheckpoint.digest(dir), dir)
        .post(PUBLIC_MODELS);
  }

  /** A fresh public model with one file changed, uploaded under the digest of what is sent. */
  private static Response uploadChanged(long seed, String file, UnaryOperator<byte[]> change) {
    Path dir = Fixtures.publicModel(seed);
    try {
      Files.write(dir.resolve(file), change.apply(Files.readAllBytes(dir.resolve(file))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return upload(dir, HfCheckpoint.digest(dir));
  }

  private static Response uploadWithConfig(long seed, Consumer<ObjectNode> edit) {
    return uploadWithConfig(seed, edit, null);
  }

  /**
   * A fresh public model with an edited config (and, if given, the weights of {@code weightsOf}).
   */
  private static Response uploadWithConfig(
      long seed, Consumer<ObjectNode> edit, FlexOlmoConfig weightsOf) {
    Path dir = Fixtures.publicModel(seed);
    try {
      ObjectNode config =
          (ObjectNode) Fixtures.JSON.readTree(dir.resolve(HfCheckpoint.CONFIG).toFile());
      edit.accept(config);
      Files.write(dir.resolve(HfCheckpoint.CONFIG), Fixtures.JSON.writeValueAsBytes(config));
      if (weightsOf != null) {
        Files.write(dir.resolve(HfCheckpoint.WEIGHTS), Fixtures.publicWeights(weightsOf, seed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return upload(dir, HfCheckpoint.digest(dir));
  }
}
