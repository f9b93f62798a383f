package dev.flexmoe.registry;

import static dev.flexmoe.registry.RegistryClient.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.events.ModelVersionPublished;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry as a consumer of the merge service's events: verdicts and published model versions
 * move experts along their lifecycle, a redelivered event counts once, an older model version and a
 * tombstone change nothing, and records it cannot read or apply go to its dead-letter topic while
 * it keeps consuming.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class EventConsumptionTest {

  private static final String VALIDATIONS = TopicCatalog.VALIDATIONS.name();
  private static final String MODEL_VERSIONS = TopicCatalog.MODEL_VERSIONS.name();
  private static final String DLQ = TopicCatalog.deadLetterTopic("expert-registry").name();
  private static final String MERGE_SERVICE = "/flexmoe/merge-service";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject DataSource dataSource;

  private Topics topics;

  /** An expert as registered: its id and its artifact's digest. */
  record Registered(String id, String digest) {}

  @BeforeEach
  void connect() {
    topics = new Topics(bootstrapServers);
  }

  @Test
  void aDuplicatedValidationEventIsAppliedOnce() throws SQLException {
    String anchor = registeredAnchor("dup");
    Registered first = upload(anchor, 301);
    Registered second = upload(anchor, 302);
    Registered third = upload(anchor, 303);
    CloudEvent<?> validated =
        CloudEvent.of(MERGE_SERVICE, new ExpertValidated(first.id(), first.digest(), Map.of()));
    // The same event id once more, now naming the second expert: applied again, it would validate
    // it, so only the message log keeps it from changing anything.
    CloudEvent<?> redelivered =
        CloudEvent.of(
            MERGE_SERVICE,
            new ExpertValidated(second.id(), second.digest(), Map.of()),
            validated.id(),
            validated.time());
    CloudEvent<?> marker =
        CloudEvent.of(
            MERGE_SERVICE,
            new ExpertRejected(
                third.id(), third.digest(), List.of(new ExpertRejected.Reason("late", "marker"))));
    // One key for all three, so they are consumed in this order: once the marker is applied, both
    // copies were consumed.
    for (CloudEvent<?> event : List.of(validated, redelivered, marker)) {
      topics.send(VALIDATIONS, first.id(), CloudEventCodec.encode(event));
    }
    RegistryClient.awaitState(third.id(), "REJECTED");

    assertThat(states(history(first.id()))).containsExactly("SUBMITTED", "VALIDATED");
    assertThat(states(history(second.id()))).containsExactly("SUBMITTED");
    assertThat(processedCount(validated.id())).isEqualTo(1);
    // skipped, not refused: a redelivery is no poison record
    assertThat(deadLetterReasons(first.id())).isEmpty();
  }

  @Test
  void anExpertRejectedEventMovesASubmittedExpertToRejectedWithItsReasons() {
    Registered expert = upload(registeredAnchor("rejected"), 304);
    topics.send(
        VALIDATIONS,
        new ExpertRejected(
            expert.id(),
            expert.digest(),
            List.of(
                new ExpertRejected.Reason("probe-regression", "public bits/byte rose by 12%"),
                new ExpertRejected.Reason("router-norm", "router row norm 41.0 above 10.0"))));
    RegistryClient.awaitState(expert.id(), "REJECTED");

    List<Map<String, Object>> history = history(expert.id());
    assertThat(states(history)).containsExactly("SUBMITTED", "REJECTED");
    Map<String, Object> rejection = history.get(1);
    assertThat(rejection)
        .containsEntry("from", "SUBMITTED")
        .containsEntry("actor", MERGE_SERVICE)
        .containsEntry(
            "reason",
            "probe-regression: public bits/byte rose by 12%;"
                + " router-norm: router row norm 41.0 above 10.0");
  }

  @Test
  void aModelVersionOlderThanTheAppliedOneChangesNothing() throws SQLException {
    String anchor = registeredAnchor("older");
    Registered inVersion2 = validated(upload(anchor, 305));
    Registered inVersion1 = validated(upload(anchor, 306));
    topics.send(MODEL_VERSIONS, version("flexmix-older", 2, anchor, inVersion2));
    RegistryClient.awaitState(inVersion2.id(), "ACTIVE");

    CloudEvent<?> late =
        topics.send(MODEL_VERSIONS, version("flexmix-older", 1, anchor, inVersion1));
    await().atMost(Duration.ofSeconds(20)).until(() -> processedCount(late.id()) == 1);

    assertThat(states(history(inVersion1.id()))).containsExactly("SUBMITTED", "VALIDATED");
    assertThat(modelVersionRows("flexmix-older")).containsExactly(inVersion2.id() + "@2");
  }

  /**
   * The merge service writes an expert's verdict and the version holding it moments apart, on two
   * topics the registry consumes independently: the version may be applied first.
   */
  @Test
  void anExpertValidatedAfterItsVersionArrivedBecomesActive() throws SQLException {
    String anchor = registeredAnchor("version-first");
    Registered expert = upload(anchor, 309);
    CloudEvent<?> version =
        topics.send(MODEL_VERSIONS, version("flexmix-version-first", 1, anchor, expert));
    await().atMost(Duration.ofSeconds(20)).until(() -> processedCount(version.id()) == 1);
    assertThat(states(history(expert.id()))).containsExactly("SUBMITTED");

    topics.send(VALIDATIONS, new ExpertValidated(expert.id(), expert.digest(), Map.of()));
    RegistryClient.awaitState(expert.id(), "ACTIVE");
    assertThat(states(history(expert.id()))).containsExactly("SUBMITTED", "VALIDATED", "ACTIVE");
  }

  @Test
  void aModelVersionTombstoneIsSkippedAndConsumptionGoesOn() throws SQLException {
    String anchor = registeredAnchor("tombstone");
    Registered expert = validated(upload(anchor, 307));
    topics.send(MODEL_VERSIONS, "flexmix-tombstone", null);
    // The topic has one partition: once this is applied, the tombstone was consumed.
    topics.send(MODEL_VERSIONS, version("flexmix-tombstone", 1, anchor, expert));
    RegistryClient.awaitState(expert.id(), "ACTIVE");

    assertThat(modelVersionRows("flexmix-tombstone")).containsExactly(expert.id() + "@1");
    assertThat(deadLetterReasons("flexmix-tombstone")).isEmpty();
    as("ops", "operator").get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndConsumptionGoesOn() {
    String unknown = UUID.randomUUID().toString();
    topics.send(VALIDATIONS, "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
    topics.send(VALIDATIONS, new ExpertValidated(unknown, Fixtures.randomDigest(), Map.of()));

    validated(upload(registeredAnchor("poison"), 308));
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
    assertThat(reason(unknownExpert)).contains(unknown);
    as("ops", "operator").get("/q/health/ready").then().statusCode(200);
  }

  /** Registers a fresh public model named after the test; returns its digest. */
  private static String registeredAnchor(String name) {
    return RegistryClient.registerPublicModel("public-" + name);
  }

  /** Uploads one of frank's experts; seeds from 300 up are this test's (one digest, one expert). */
  private static Registered upload(String anchor, long seed) {
    Fixtures.Artifact artifact = Fixtures.expert(anchor, "educational", "frank", seed);
    String id =
        RegistryClient.upload("frank", artifact).then().statusCode(201).extract().path("id");
    return new Registered(id, artifact.digest());
  }

  /** Sends the merge service's ExpertValidated and waits until the registry applied it. */
  private Registered validated(Registered expert) {
    topics.send(VALIDATIONS, new ExpertValidated(expert.id(), expert.digest(), Map.of()));
    RegistryClient.awaitState(expert.id(), "VALIDATED");
    return expert;
  }

  private static ModelVersionPublished version(
      String model, long version, String anchor, Registered expert) {
    return new ModelVersionPublished(
        model,
        version,
        anchor,
        List.of(new ModelVersionPublished.Expert(expert.id(), expert.digest(), 1)),
        2,
        null);
  }

  private static List<Map<String, Object>> history(String id) {
    return RegistryClient.history(as("ops", "operator"), id);
  }

  private static List<Object> states(List<Map<String, Object>> history) {
    return history.stream().map(step -> step.get("to")).toList();
  }

  /** Why each record with this key went to the dead-letter topic. */
  private List<String> deadLetterReasons(String key) {
    return topics.readAll(DLQ).stream()
        .filter(r -> key.equals(r.key()))
        .map(EventConsumptionTest::reason)
        .toList();
  }

  private static String reason(ConsumerRecord<String, byte[]> deadLetter) {
    return new String(
        deadLetter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
  }

  private long processedCount(String eventId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from processed_event where event_id = ?")) {
      query.setString(1, eventId);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** The rows that keep the model's artifacts alive, as {@code expertId@version}. */
  private List<String> modelVersionRows(String model) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select expert_id, version from model_version_expert where model_name = ?")) {
      query.setString(1, model);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1) + "@" + result.getLong(2));
        }
      }
      return rows;
    }
  }
}
