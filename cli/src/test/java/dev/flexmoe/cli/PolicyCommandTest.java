package dev.flexmoe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.infra.dev.DevToken;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import dev.flexmoe.testkit.TopicRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code flexmoe policy} against the packaged policy service in its own process, on a real broker
 * and database: an owner restricts its expert to a tenant, reads it back, its history and its
 * usage; refusals come back as one line naming the service's code.
 */
class PolicyCommandTest {

  private static final Path POLICY_JAR =
      Path.of("../policy-service/target/quarkus-app/quarkus-run.jar");
  private static final Path DEV_KEY = Path.of("../expert-registry/dev-keys/jwt-private.pem");

  private static EmbeddedKafka kafka;
  private static EmbeddedPostgres postgres;
  private static PackagedService policy;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().start();
    kafka.createCatalogTopics();
    postgres = EmbeddedPostgres.builder().start();
    String database = postgres.createDatabase("cli_policy_" + Long.toHexString(System.nanoTime()));
    policy =
        PackagedService.builder("policy-service", POLICY_JAR)
            .connections(kafka.bootstrapServers(), postgres.withCredentials(database))
            .logDir(Path.of("target", "policy-command-test"))
            .start();
  }

  @AfterAll
  static void stop() {
    if (policy != null) {
      policy.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void anOwnerRestrictsItsExpertToATenantAndReadsItsHistoryAndUsage() throws IOException {
    String expert = registerExpert("alice");
    String alice = token("alice", "owner");
    tenant("acme", "research");

    Cli.Run set =
        policy(
            "set %s --state restricted --tenant acme --reason pilot --if-revision 0",
            expert, alice);
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out())
        .containsPattern("state +RESTRICTED\\n")
        .containsPattern("tenants +acme\\n")
        .containsPattern("revision +1\\n");

    Cli.Run show = policy("show %s", expert, alice);
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).isEqualTo(set.out());

    Cli.Run history = policy("history %s", expert, alice);
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out().lines().skip(1))
        .singleElement()
        .asString()
        .contains("alice", "owner", "RESTRICTED acme/-", "pilot");

    usage(expert, "acme", 100, "2026-11-30T10:00:00Z");
    usage(expert, "acme", 20, "2026-12-01T10:00:00Z");
    usage(expert, "globex", 30, "2026-12-01T11:00:00Z");
    String csv = "tenant,tokens\nacme,120\nglobex,30\n";
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> policy("usage %s --from 2026-11-01 --to 2026-12-31 --csv", expert, alice).out(),
            csv::equals);
    Cli.Run byDay = policy("usage %s --from 2026-11-01 --to 2026-12-31 --by day", expert, alice);
    assertThat(byDay.out().lines())
        .containsExactly(
            "day         tokens", "2026-11-30     100", "2026-12-01      50", "total          150");
  }

  @Test
  void refusalsAreOneLineWithTheServicesCodeAndField() {
    String expert = registerExpert("bob");
    String bob = token("bob", "owner");

    Cli.Run stale = policy("set %s --state open --reason go --if-revision 7", expert, bob);
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.errLines())
        .singleElement()
        .asString()
        .startsWith("flexmoe: the policy service refused experts/" + expert + "/license: 412 ")
        .contains("stale-revision");

    Cli.Run notOwner = policy("show %s", expert, token("carol", "owner"));
    assertThat(notOwner.errLines()).singleElement().asString().contains("403 not-owner");

    Cli.Run unknownTenant =
        policy("set %s --state restricted --tenant nobody --reason x", expert, bob);
    assertThat(unknownTenant.errLines())
        .singleElement()
        .asString()
        .contains("unknown-tenant", "(field 'tenants[0]')");

    Cli.Run operatorOpens =
        policy("set %s --state open --reason x", expert, token("ops", "operator"));
    assertThat(operatorOpens.errLines()).singleElement().asString().contains("403");

    Cli.Run forged = policy("show %s", expert, "not-a-jwt");
    assertThat(forged.errLines()).singleElement().asString().contains(": 401");

    Cli.Run misspelt = policy("set %s --state opened --reason x", expert, bob);
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).contains("--state", "OPEN, RESTRICTED, OFF");

    // nothing of the refused calls was written
    assertThat(policy("history %s", expert, bob).out().lines()).hasSize(1);
  }

  @Test
  void withoutATokenOrAServiceItSaysWhatIsMissing() {
    Cli.Run noToken = Cli.run("policy show e1 --policy-url %s", policy.baseUri());
    assertThat(noToken.errLines())
        .containsExactly(
            "flexmoe: no token: pass --token or set FLEXMOE_TOKEN (an owner's, or an operator's)");

    Cli.Run unreachable = Cli.run("policy show e1 --policy-url http://localhost:1 --token t");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.errLines())
        .singleElement()
        .asString()
        .startsWith("flexmoe: cannot reach the policy service at http://localhost:1");
  }

  /** Runs {@code flexmoe policy <command> --policy-url ... --token TOKEN}. */
  private static Cli.Run policy(String command, String expert, String token) {
    return Cli.run(
        "policy " + command + " --policy-url %s --token %s", expert, policy.baseUri(), token);
  }

  private static String token(String subject, String role) {
    try {
      return DevToken.mint(
          subject, Set.of(role), Duration.ofMinutes(30), Files.readString(DEV_KEY));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Announces an expert of {@code owner} as the registry does, and waits until it is known. */
  private static String registerExpert(String owner) {
    String id = UUID.randomUUID().toString();
    String digest =
        HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 64);
    send(
        TopicCatalog.EXPERTS.name(),
        id,
        CloudEvent.of(
            "/flexmoe/expert-registry",
            new ExpertRegistered(id, owner, "news", digest, "ab".repeat(32), 10L, 1)));
    String token = token(owner, "owner");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> policy("show %s", id, token).exitCode() == 0);
    return id;
  }

  private static void tenant(String id, String licenseClass) {
    var body = PolicyClient.json().createObjectNode();
    body.put("displayName", id);
    body.putArray("licenseClasses").add(licenseClass);
    new PolicyClient(policy.baseUri(), token("ops", "operator")).put("tenants/" + id, body, null);
  }

  private static void usage(String expert, String tenant, long tokens, String start) {
    Instant from = Instant.parse(start);
    send(
        TopicCatalog.USAGE.name(),
        expert,
        CloudEvent.of(
            "/flexmoe/inference-service",
            new UsageRecorded(
                expert,
                tenant,
                tokens,
                "micro-public",
                1L,
                new UsageRecorded.Window(from, from.plusSeconds(300)))));
  }

  private static void send(String topic, String key, CloudEvent<?> event) {
    TopicRecords.send(kafka.bootstrapServers(), topic, key, CloudEventCodec.encode(event));
  }
}
