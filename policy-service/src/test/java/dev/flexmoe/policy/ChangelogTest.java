package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The compacted changelog is the database: after random changes over several experts, including
 * withdrawals, a consumer that keeps the highest revision per key (and drops tombstoned keys) holds
 * exactly the licenses the database holds, and revisions strictly increase per expert.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ChangelogTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject DataSource dataSource;

  /** A license as both sides see it. */
  record Seen(String state, List<String> tenants, List<String> classes, long revision) {}

  @Test
  void aConsumerOfTheChangelogHoldsTheDatabasesState() throws Exception {
    Policy policy = new Policy(bootstrap);
    Random random = new Random(42);
    Policy.tenant("wayne", "research");
    Policy.tenant("stark", "commercial");
    List<String> experts = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      String owner = "owner-" + i;
      String expert = policy.registerExpert(owner);
      experts.add(expert);
      owners.put(expert, owner);
    }
    Set<String> withdrawn = new HashSet<>();
    for (int change = 0; change < 100; change++) {
      String expert = experts.get(random.nextInt(experts.size()));
      if (withdrawn.contains(expert)) {
        continue;
      }
      if (random.nextInt(25) == 0) {
        policy.withdraw(expert, owners.get(expert));
        withdrawn.add(expert);
        continue;
      }
      Map<String, Object> license = randomLicense(random);
      Policy.as(owners.get(expert), "owner")
          .body(license)
          .put("/api/v1/experts/" + expert + "/license")
          .then()
          .statusCode(200);
    }
    await("withdrawals consumed")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "select count(*) from owned_expert where withdrawn_at is not null"
                            + " and expert_id in ('"
                            + String.join("','", experts)
                            + "')")
                    == withdrawn.size());
    await("every event relayed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> count("select count(*) from outbox_event where sent_at is null") == 0);

    Map<String, Seen> database = database();
    database.keySet().retainAll(experts);
    Map<String, Seen> changelog = new HashMap<>();
    Map<String, Long> lastRevision = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record :
        policy.records(TopicCatalog.EXPERT_POLICIES.name())) {
      if (!experts.contains(record.key())) {
        continue;
      }
      if (record.value() == null) {
        changelog.remove(record.key());
        continue;
      }
      ExpertPolicy snapshot = (ExpertPolicy) CloudEventCodec.decode(record.value()).data();
      long previous = lastRevision.getOrDefault(record.key(), 0L);
      assertThat(snapshot.revision()).as("revision of %s", record.key()).isGreaterThan(previous);
      lastRevision.put(record.key(), snapshot.revision());
      changelog.put(
          record.key(),
          new Seen(
              snapshot.state().name(),
              snapshot.tenants(),
              snapshot.licenseClasses(),
              snapshot.revision()));
    }
    assertThat(changelog).isEqualTo(database);
    assertThat(changelog.keySet()).doesNotContainAnyElementsOf(withdrawn);

    List<TenantGrants> tenants =
        policy.records(TopicCatalog.TENANTS.name()).stream()
            .map(record -> (TenantGrants) CloudEventCodec.decode(record.value()).data())
            .filter(grants -> grants.tenantId().equals("wayne"))
            .toList();
    assertThat(tenants).extracting(TenantGrants::licenseClasses).contains(List.of("research"));
  }

  private static Map<String, Object> randomLicense(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Map.of("state", "OPEN");
      case 1 -> Map.of("state", "OFF");
      case 2 ->
          Map.of(
              "state", "RESTRICTED", "tenants", List.of(random.nextBoolean() ? "wayne" : "stark"));
      default -> Map.of("state", "RESTRICTED", "licenseClasses", List.of("research", "clinical"));
    };
  }

  private Map<String, Seen> database() throws Exception {
    Map<String, Seen> licenses = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "select expert_id, published_state, tenants, license_classes, revision"
                        + " from expert_license")) {
      while (rows.next()) {
        licenses.put(
            rows.getString(1),
            new Seen(
                rows.getString(2),
                strings(rows.getArray(3)),
                strings(rows.getArray(4)),
                rows.getLong(5)));
      }
    }
    return licenses;
  }

  private static List<String> strings(Array array) throws Exception {
    return Arrays.asList((String[]) array.getArray());
  }

  private long count(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
