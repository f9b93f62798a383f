package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An owner's withdrawal deletes the license and leaves a tombstone as the key's last record. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class WithdrawalTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aWithdrawnExpertsLicenseEndsInATombstone() {
    Policy policy = new Policy(bootstrap);
    String expert = policy.registerExpert("gina");
    Policy.as("gina", "owner")
        .body(Map.of("state", "OPEN"))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200);
    policy.withdraw(expert, "gina");
    List<ConsumerRecord<String, byte[]>> records =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    policy.records(TopicCatalog.EXPERT_POLICIES.name()).stream()
                        .filter(record -> record.key().equals(expert))
                        .toList(),
                found -> found.size() >= 2);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).value()).isNotNull();
    assertThat(records.get(1).value()).isNull();
    Policy.as("gina", "owner")
        .get("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200)
        .body("revision", org.hamcrest.Matchers.equalTo(0));
  }
}
