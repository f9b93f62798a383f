package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A license's window: OFF before validFrom and from validUntil on, each change published. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class WindowTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aLicenseIsPublishedOffWhenItsValidUntilPasses() {
    Policy policy = new Policy(bootstrap);
    String expert = policy.registerExpert("erin");
    Instant until = Instant.now().plusSeconds(2);
    Policy.as("erin", "owner")
        .body(Map.of("state", "OPEN", "validUntil", until.toString()))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200)
        .body("effectiveState", equalTo("OPEN"));

    List<ExpertPolicy> snapshots = awaitSnapshots(policy, expert, 2);
    assertThat(snapshots)
        .extracting(ExpertPolicy::state, ExpertPolicy::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ExpertPolicy.State.OPEN, 1L),
            org.assertj.core.groups.Tuple.tuple(ExpertPolicy.State.OFF, 2L));
    Policy.as("erin", "owner")
        .get("/api/v1/experts/" + expert + "/license/history")
        .then()
        .body("[1].reason", equalTo("validUntil reached"))
        .body("[1].actor", equalTo("policy-service"));
  }

  @Test
  void aLicenseStartsOffAndOpensAtValidFrom() {
    Policy policy = new Policy(bootstrap);
    String expert = policy.registerExpert("finn");
    Instant from = Instant.now().plusSeconds(2);
    Policy.as("finn", "owner")
        .body(Map.of("state", "OPEN", "validFrom", from.toString()))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200)
        .body("effectiveState", equalTo("OFF"));
    assertThat(awaitSnapshots(policy, expert, 2))
        .extracting(ExpertPolicy::state)
        .containsExactly(ExpertPolicy.State.OFF, ExpertPolicy.State.OPEN);
  }

  private static List<ExpertPolicy> awaitSnapshots(Policy policy, String expert, int count) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                policy.records(TopicCatalog.EXPERT_POLICIES.name()).stream()
                    .filter(record -> record.key().equals(expert) && record.value() != null)
                    .map(record -> (ExpertPolicy) CloudEventCodec.decode(record.value()).data())
                    .toList(),
            found -> found.size() >= count);
  }
}
