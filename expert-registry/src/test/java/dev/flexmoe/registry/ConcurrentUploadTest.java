package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.registry.storage.BlobStore;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two uploads of the same bytes at the same moment: both pass validation and find no expert (or
 * public model) with their digest before either commits (the blob store holds each until both have
 * come), and the database's one registration per digest (and per public model name) decides. The
 * same owner gets one expert (201, and 200 with the same id); of two owners, or two operators, one
 * wins and the other gets 409.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ConcurrentUploadTest {

  private static final List<String> FILES =
      List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject DataSource dataSource;

  @Inject BlobStore blobs;

  @Test
  void theSameOwnerUploadingTheSameBytesTwiceAtOnceGetsOneExpert() throws Exception {
    String anchor = registeredAnchor("race-same-owner");
    Fixtures.Artifact artifact = Fixtures.expert(anchor, "legal", "kim", 401);
    Stored before = Stored.in(dataSource);

    List<Response> responses =
        atOnce(owner -> RegistryClient.upload(owner, artifact), "kim", "kim");

    assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 200);
    String id = responses.get(0).path("id");
    assertThat(responses.get(1).<String>path("id")).isEqualTo(id);
    assertThat(Stored.in(dataSource)).isEqualTo(before.plusOneRegistration());
    List<CloudEvent<?>> events =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> new Topics(bootstrapServers).events(TopicCatalog.EXPERTS.name(), id),
                found -> !found.isEmpty());
    assertThat(events)
        .singleElement()
        .extracting(CloudEvent::data)
        .isInstanceOf(ExpertRegistered.class);
  }

  @Test
  void twoOwnersRacingOnTheSameBytesOneWinsAndTheOtherGets409() throws Exception {
    String anchor = registeredAnchor("race-two-owners");
    // no owner in the manifest, so that either owner may upload it
    Fixtures.Artifact artifact =
        Fixtures.expert(anchor, "legal", "kim", 402).withManifest(node -> node.putNull("owner"));
    Stored before = Stored.in(dataSource);

    List<Response> responses =
        atOnce(owner -> RegistryClient.upload(owner, artifact), "kim", "leo");

    assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
    boolean kimWon = responses.get(0).statusCode() == 201;
    Response winner = responses.get(kimWon ? 0 : 1);
    Response loser = responses.get(kimWon ? 1 : 0);
    assertThat(winner.<String>path("ownerId")).isEqualTo(kimWon ? "kim" : "leo");
    assertThat(loser.<String>path("code")).isEqualTo("digest-taken");
    assertThat(loser.<String>path("field")).isEqualTo("expert.safetensors");
    assertThat(Stored.in(dataSource)).isEqualTo(before.plusOneRegistration());
  }

  @Test
  void twoOperatorsRacingOnTheSameNameOneRegistersAndTheOtherGets409() throws Exception {
    Path dir = Fixtures.publicModel(403);
    String digest = HfCheckpoint.digest(dir);
    // the fixtures' config and tokenizer are shared by every public model, the weights are not
    long newBlobs = 0;
    for (String file : FILES) {
      if (blobs.find(Digests.sha256(dir.resolve(file))).isEmpty()) {
        newBlobs++;
      }
    }
    Stored before = Stored.in(dataSource);
    holdEachStoreUntilBothCome();

    List<Response> responses =
        atOnce(
            operator ->
                RegistryClient.publicModelUpload(
                        as(operator, "operator"), "public-race", digest, dir)
                    .post("/api/v1/public-models"),
            "operator-1",
            "operator-2");

    assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
    boolean firstWon = responses.get(0).statusCode() == 201;
    Response winner = responses.get(firstWon ? 0 : 1);
    Response loser = responses.get(firstWon ? 1 : 0);
    assertThat(loser.<String>path("code")).isEqualTo("already-registered");
    assertThat(loser.<String>path("field")).isEqualTo("name");
    assertThat(Stored.in(dataSource)).isEqualTo(before.plusOnePublicModel(FILES.size(), newBlobs));
    String id = winner.path("id");
    for (String file : FILES) {
      Response download =
          as("alice", "owner").get("/api/v1/public-models/" + id + "/files/" + file);
      download.then().statusCode(200);
      assertThat(download.asByteArray()).isEqualTo(Files.readAllBytes(dir.resolve(file)));
    }
  }

  /** Registers a public model, then holds the blob store's stores (see below). */
  private String registeredAnchor(String name) {
    String anchor = RegistryClient.registerPublicModel("public-" + name);
    holdEachStoreUntilBothCome();
    return anchor;
  }

  /**
   * Makes the blob store hold each store until both uploads have come, so that both are past their
   * checks before either commits (the mock goes after each test).
   */
  private void holdEachStoreUntilBothCome() {
    QuarkusMock.installMockForType(
        new RendezvousBlobStore(ClientProxy.unwrap(blobs), 2), BlobStore.class);
  }

  /** Runs the upload as each caller, each on a thread of its own; the responses in order. */
  private static List<Response> atOnce(Function<String, Response> upload, String... callers) {
    ExecutorService threads = Executors.newFixedThreadPool(callers.length);
    try {
      List<CompletableFuture<Response>> uploads =
          Stream.of(callers)
              .map(caller -> CompletableFuture.supplyAsync(() -> upload.apply(caller), threads))
              .toList();
      return uploads.stream().map(CompletableFuture::join).toList();
    } finally {
      threads.shutdown();
    }
  }
}
