package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Attribution: usage events summed per expert, tenant and day, each event counted once. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class UsageTest {

  private static final Instant DAY_ONE = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant DAY_TWO = Instant.parse("2026-12-01T09:00:00Z");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void usageIsSummedPerTenantAndDayAndADuplicateCountsOnce() {
    Policy policy = new Policy(bootstrap);
    String expert = policy.registerExpert("ivan");
    CloudEvent<UsageRecorded> first = usage(expert, "acme", 100, DAY_ONE);
    send(policy, expert, first);
    send(policy, expert, first);
    send(policy, expert, usage(expert, "acme", 20, DAY_TWO));
    send(policy, expert, usage(expert, "globex", 30, DAY_TWO));
    String path = "/api/v1/experts/" + expert + "/usage?from=2026-11-01&to=2026-12-31";

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                Policy.as("ivan", "owner")
                    .get(path)
                    .then()
                    .statusCode(200)
                    .body("key", equalTo(List.of("acme", "globex")))
                    .body("tokens", equalTo(List.of(120, 30))));
    Policy.as("ivan", "owner")
        .get(path + "&groupBy=day")
        .then()
        .body("key", equalTo(List.of("2026-11-30", "2026-12-01")))
        .body("tokens", equalTo(List.of(100, 50)));
    String csv =
        Policy.as("ivan", "owner")
            .accept("text/csv")
            .get(path)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(csv).isEqualTo("tenant,tokens\nacme,120\nglobex,30\n");
    Policy.as("ops", "operator")
        .get("/api/v1/usage?from=2026-11-30&to=2026-11-30")
        .then()
        .statusCode(200)
        .body("findAll { it.expertId == '" + expert + "' }.tokens", equalTo(List.of(100)));
  }

  @Test
  void usageIsTheOwnersAndTheRequestMustNameItsDays() {
    Policy policy = new Policy(bootstrap);
    String expert = policy.registerExpert("jack");
    String path = "/api/v1/experts/" + expert + "/usage";
    Policy.as("kate", "owner")
        .get(path + "?from=2026-11-01&to=2026-11-30")
        .then()
        .statusCode(403)
        .body("code", equalTo("not-owner"));
    Policy.as("jack", "owner")
        .get(path + "?to=2026-11-30")
        .then()
        .statusCode(400)
        .body("code", equalTo("missing-field"))
        .body("field", equalTo("from"));
    Policy.as("jack", "owner")
        .get(path + "?from=30.11.2026&to=2026-11-30")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-date"));
    Policy.as("jack", "owner")
        .get(path + "?from=2026-11-30&to=2026-11-01")
        .then()
        .statusCode(422)
        .body("code", equalTo("empty-range"))
        .body("field", equalTo("to"));
    Policy.as("jack", "owner")
        .get(path + "?from=2026-11-01&to=2026-11-30&groupBy=model")
        .then()
        .statusCode(400)
        .body("field", equalTo("groupBy"));
  }

  @Test
  void aRecordThatIsNoUsageGoesToTheDeadLetterTopic() {
    Policy policy = new Policy(bootstrap);
    byte[] garbage = "not an event".getBytes(StandardCharsets.UTF_8);
    policy.send(TopicCatalog.USAGE.name(), "poison-usage", garbage);
    String dlq = TopicCatalog.deadLetterTopic("policy-service").name();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                policy.records(dlq).stream()
                    .anyMatch(record -> "poison-usage".equals(record.key())));
  }

  private static CloudEvent<UsageRecorded> usage(
      String expert, String tenant, long tokens, Instant start) {
    return CloudEvent.of(
        "/flexmoe/inference-service",
        new UsageRecorded(
            expert,
            tenant,
            tokens,
            "micro-public",
            1L,
            new UsageRecorded.Window(start, start.plusSeconds(300))));
  }

  private static void send(Policy policy, String expert, CloudEvent<?> event) {
    policy.send(TopicCatalog.USAGE.name(), expert, CloudEventCodec.encode(event));
  }
}
