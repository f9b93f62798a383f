package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety on the packaged service in its own process: a license committed just before a
 * SIGKILL (the relay off, so nothing was sent) is published after the restart, once, and a
 * validUntil that passed while the service was down is published as OFF when it is back.
 */
class PolicyCrashIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  private final Path work = Path.of("target", "PolicyCrashIT-" + System.nanoTime());
  private final List<PackagedService> services = new ArrayList<>();

  @AfterEach
  void stop() {
    services.forEach(PackagedService::close);
  }

  @Test
  void aCommittedChangeAndAMissedExpiryArePublishedOnceAfterTheRestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String database = postgres.createDatabase("policy_it_" + Long.toHexString(System.nanoTime()));
      String jdbc = postgres.withCredentials(database);
      PackagedService first = start(kafka.bootstrapServers(), jdbc, 0, false);
      Policy policy = new Policy(kafka.bootstrapServers());
      String expert = policy.registerExpert("hana");
      Instant until = Instant.now().plusSeconds(4);
      Policy.as("hana", "owner")
          .body(Map.of("state", "OPEN", "validUntil", until.toString()))
          .put("/api/v1/experts/" + expert + "/license")
          .then()
          .statusCode(200);
      first.kill();
      assertThat(snapshots(policy, expert)).isEmpty();
      await().until(() -> Instant.now().isAfter(until.plusSeconds(1)));

      start(kafka.bootstrapServers(), jdbc, first.port(), true);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> snapshots(policy, expert), found -> found.size() >= 2);
      // and no second copy of either follows
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(snapshots(policy, expert))
                      .extracting(ExpertPolicy::revision, ExpertPolicy::state)
                      .containsExactly(
                          tuple(1L, ExpertPolicy.State.OPEN), tuple(2L, ExpertPolicy.State.OFF)));
    }
  }

  private static List<ExpertPolicy> snapshots(Policy policy, String expert) {
    return policy.records(TopicCatalog.EXPERT_POLICIES.name()).stream()
        .filter(record -> record.key().equals(expert) && record.value() != null)
        .map(record -> (ExpertPolicy) CloudEventCodec.decode(record.value()).data())
        .toList();
  }

  private PackagedService start(String bootstrap, String jdbc, int port, boolean relay) {
    PackagedService service =
        PackagedService.builder("policy-service", JAR)
            .connections(bootstrap, jdbc)
            .port(port)
            .property("flexmoe.outbox.enabled", String.valueOf(relay))
            .logDir(work)
            .start();
    services.add(service);
    io.restassured.RestAssured.port = service.port();
    return service;
  }
}
