package dev.flexmoe.policy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.TopicRecords;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The tests' calls: tokens, the registry's events as it sends them, and the topics read back. */
final class Policy {

  private static final Path PRIVATE_KEY = Path.of("../expert-registry/dev-keys/jwt-private.pem");
  private static final Random RANDOM = new Random();

  private final String bootstrap;

  Policy(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  static RequestSpecification as(String subject, String role) {
    try {
      String token =
          Jwt.issuer("flexmoe-dev")
              .subject(subject)
              .upn(subject)
              .groups(Set.of(role))
              .expiresIn(Duration.ofMinutes(30))
              .sign(KeyUtils.decodePrivateKey(Files.readString(PRIVATE_KEY)));
      return given().header("Authorization", "Bearer " + token).contentType("application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(PRIVATE_KEY + " is not a PKCS#8 key", e);
    }
  }

  /** Announces a new expert of {@code owner} as the registry does; waits until it is known. */
  String registerExpert(String owner) {
    String id = UUID.randomUUID().toString();
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    send(
        id,
        CloudEvent.of(
            "/flexmoe/expert-registry",
            new ExpertRegistered(
                id, owner, "news", HexFormat.of().formatHex(digest), "ab".repeat(32), 10L, 1)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> as(owner, "owner").get("/api/v1/experts/" + id + "/license").statusCode() == 200);
    return id;
  }

  void withdraw(String expertId, String owner) {
    send(
        expertId,
        CloudEvent.of("/flexmoe/expert-registry", new ExpertWithdrawn(expertId, owner, "leaving")));
  }

  /** Creates a tenant as an operator. */
  static void tenant(String id, String... classes) {
    as("ops", "operator")
        .body(Map.of("displayName", id, "licenseClasses", List.of(classes)))
        .put("/api/v1/tenants/" + id)
        .then()
        .statusCode(200);
  }

  private void send(String key, CloudEvent<?> event) {
    send(TopicCatalog.EXPERTS.name(), key, CloudEventCodec.encode(event));
  }

  /** Writes a raw record, as a producer of {@code topic} would. */
  void send(String topic, String key, byte[] value) {
    TopicRecords.send(bootstrap, topic, key, value);
  }

  /** Every record of the topic from its start, in order per partition (null value: tombstone). */
  List<ConsumerRecord<String, byte[]>> records(String topic) {
    return TopicRecords.all(bootstrap, topic);
  }
}
