package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The registry as a consumer: a redelivered validation counts once, and records it cannot read or
 * apply go to its dead-letter topic while it keeps consuming.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class EventConsumptionTest {

  private static final String VALIDATIONS = TopicCatalog.VALIDATIONS.name();
  private static final String DLQ = TopicCatalog.deadLetterTopic("expert-registry").name();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject DataSource dataSource;

  @Test
  void aDuplicatedValidationEventIsAppliedOnce() throws SQLException {
    Topics topics = new Topics(bootstrapServers);
    Fixtures.Artifact artifact = registeredExpert("dup");
    String id = upload(artifact);
    CloudEvent<?> validated =
        CloudEvent.of(
            "/flexmoe/merge-service", new ExpertValidated(id, artifact.digest(), Map.of()));
    topics.send(VALIDATIONS, validated);
    topics.send(VALIDATIONS, validated);
    // Records of one key are consumed in order: once this one is processed, both copies were.
    CloudEvent<?> marker =
        topics.send(
            VALIDATIONS,
            new ExpertRejected(
                id, artifact.digest(), List.of(new ExpertRejected.Reason("late", "too late"))));
    await().atMost(Duration.ofSeconds(20)).until(() -> processed(marker.id()));
    assertThat(processed(validated.id())).isTrue();
    List<Map<String, Object>> history =
        as("ops", "operator")
            .get("/api/v1/experts/" + id + "/history")
            .then()
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(history)
        .extracting(step -> step.get("to"))
        .containsExactly("SUBMITTED", "VALIDATED");
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndConsumptionGoesOn() {
    Topics topics = new Topics(bootstrapServers);
    String unknown = UUID.randomUUID().toString();
    topics.send(VALIDATIONS, "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
    topics.send(VALIDATIONS, new ExpertValidated(unknown, Fixtures.newAnchorDigest(), Map.of()));

    Fixtures.Artifact artifact = registeredExpert("poison");
    String id = upload(artifact);
    topics.send(VALIDATIONS, new ExpertValidated(id, artifact.digest(), Map.of()));
    RegistryClient.awaitState(id, "VALIDATED");
    List<ConsumerRecord<String, byte[]>> dead =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> topics.readAll(DLQ),
                records ->
                    records.stream().anyMatch(r -> "garbage".equals(r.key()))
                        && records.stream().anyMatch(r -> unknown.equals(r.key())));
    ConsumerRecord<String, byte[]> garbage =
        dead.stream().filter(r -> "garbage".equals(r.key())).findFirst().orElseThrow();
    assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    ConsumerRecord<String, byte[]> unknownExpert =
        dead.stream().filter(r -> unknown.equals(r.key())).findFirst().orElseThrow();
    assertThat(
            new String(
                unknownExpert.headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8))
        .contains(unknown);
    as("ops", "operator").get("/q/health/ready").then().statusCode(200);
  }

  private static Fixtures.Artifact registeredExpert(String name) {
    String anchor = Fixtures.newAnchorDigest();
    RegistryClient.registerPublicModel("public-" + name, anchor).then().statusCode(201);
    return Fixtures.expert(anchor, "educational", "frank", name.hashCode());
  }

  private static String upload(Fixtures.Artifact artifact) {
    return RegistryClient.upload("frank", artifact).then().statusCode(201).extract().path("id");
  }

  private boolean processed(String eventId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from processed_event where event_id = ?")) {
      query.setString(1, eventId);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1) == 1;
      }
    }
  }
}
