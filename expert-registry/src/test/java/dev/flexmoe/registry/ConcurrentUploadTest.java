package dev.flexmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.registry.storage.BlobStore;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two uploads of the same bytes at the same moment: both pass validation and find no expert with
 * their digest before either commits (the blob store holds each until both have come), and the
 * database's one registration per digest decides. The same owner gets one expert (201, and 200 with
 * the same id); of two owners, one wins and the other gets 409.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ConcurrentUploadTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject DataSource dataSource;

  @Inject BlobStore blobs;

  @Test
  void theSameOwnerUploadingTheSameBytesTwiceAtOnceGetsOneExpert() throws Exception {
    String anchor = registeredAnchor("race-same-owner");
    Fixtures.Artifact artifact = Fixtures.expert(anchor, "legal", "kim", 401);
    Stored before = Stored.in(dataSource);

    List<Response> responses = uploadAtOnce(artifact, "kim", "kim");

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

    List<Response> responses = uploadAtOnce(artifact, "kim", "leo");

    assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
    boolean kimWon = responses.get(0).statusCode() == 201;
    Response winner = responses.get(kimWon ? 0 : 1);
    Response loser = responses.get(kimWon ? 1 : 0);
    assertThat(winner.<String>path("ownerId")).isEqualTo(kimWon ? "kim" : "leo");
    assertThat(loser.<String>path("code")).isEqualTo("digest-taken");
    assertThat(loser.<String>path("field")).isEqualTo("expert.safetensors");
    assertThat(Stored.in(dataSource)).isEqualTo(before.plusOneRegistration());
  }

  /**
   * Registers a public model, then makes the blob store hold each store until both uploads have
   * come (the public model's own files are stored before that; the mock goes after each test).
   */
  private String registeredAnchor(String name) {
    String anchor = RegistryClient.registerPublicModel("public-" + name);
    QuarkusMock.installMockForType(
        new RendezvousBlobStore(ClientProxy.unwrap(blobs), 2), BlobStore.class);
    return anchor;
  }

  /** Uploads the artifact as each owner, each on a thread of its own; the responses in order. */
  private static List<Response> uploadAtOnce(Fixtures.Artifact artifact, String... owners) {
    ExecutorService threads = Executors.newFixedThreadPool(owners.length);
    try {
      List<CompletableFuture<Response>> uploads =
          Stream.of(owners)
              .map(
                  owner ->
                      CompletableFuture.supplyAsync(
                          () -> RegistryClient.upload(owner, artifact), threads))
              .toList();
      return uploads.stream().map(CompletableFuture::join).toList();
    } finally {
      threads.shutdown();
    }
  }
}
