package dev.flexmoe.merge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Records on flexmoe.experts.v1 that cannot be read or do not belong there go to the dead-letter
 * topic with their bytes, and the service stays healthy and keeps consuming.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class PoisonRecordTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void unreadableAndMisplacedRecordsGoToTheDeadLetterTopic() throws Exception {
    Topics topics = new Topics(bootstrap);
    String garbageKey = "poison-" + UUID.randomUUID();
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    topics.send(TopicCatalog.EXPERTS.name(), garbageKey, garbage);
    String misplacedKey = "micro-" + UUID.randomUUID();
    CloudEvent<ModelVersionPublished> misplaced =
        CloudEvent.of(
            "/flexmoe/merge-service",
            new ModelVersionPublished(misplacedKey, 1L, "ef".repeat(32), List.of(), 1, null));
    topics.send(TopicCatalog.EXPERTS.name(), misplacedKey, CloudEventCodec.encode(misplaced));

    String dlq = TopicCatalog.deadLetterTopic("merge-service").name();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(topics.values(dlq, garbageKey)).containsExactly(garbage);
              assertThat(topics.values(dlq, misplacedKey)).hasSize(1);
            });
    given().get("/q/health/ready").then().statusCode(200);
  }
}
