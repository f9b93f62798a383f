package dev.flexmoe.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.testkit.PackagedService;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in its own process: killed (SIGKILL) and restarted, it serves the same
 * version with the same experts from the compacted topics alone; with the broker gone it fails
 * closed to the public expert once the policy lease lapses, and the experts return with the broker.
 */
class InferenceCrashIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final long[] PROMPT = {5, 17, 42, 8, 99, 3};

  private PackagedService start(Map<String, String> platform, int port) {
    return PackagedService.builder("inference-service", JAR)
        .connections(platform.get("kafka.bootstrap.servers"), "")
        .property("flexmoe.registry.url", platform.get("flexmoe.registry.url"))
        .property("flexmoe.dev-keys", "../expert-registry/dev-keys")
        .property("flexmoe.artifacts.cache-root", "target/crash-it-cache")
        .property("inference.policy-lease", "PT2S")
        .property("ai.djl.offline", "true")
        .property("ai.djl.pytorch.num_threads", "1")
        .port(port)
        .logDir(Path.of("target", "InferenceCrashIT"))
        .start();
  }

  private static JsonPath complete(PackagedService service) {
    return given()
        .baseUri("http://localhost")
        .port(service.port())
        .header("Authorization", Calls.bearer("acme", "tenant"))
        .contentType("application/json")
        .body(Map.of("prompt", PROMPT, "max_tokens", 6, "temperature", 0))
        .post("/v1/completions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aKilledServiceComesBackAsItWasAndABrokerOutageFailsClosed() throws Exception {
    Platform platform = new Platform(true);
    Map<String, String> config = platform.start();
    PackagedService service = start(config, 0);
    try {
      Marketplace market = Platform.marketplace;
      JsonPath before = complete(service);
      assertThat(before.getList("flexmoe.experts_used", String.class))
          .containsExactly("public", market.newsId());

      service.kill();
      service = start(config, service.port());
      JsonPath after = complete(service);
      assertThat(after.getLong("flexmoe.model_version"))
          .isEqualTo(before.getLong("flexmoe.model_version"));
      assertThat(after.getList("flexmoe.experts_used", String.class))
          .containsExactly("public", market.newsId());
      assertThat(after.getString("choices[0].text")).isEqualTo(before.getString("choices[0].text"));

      Platform.broker.stop();
      PackagedService stopped = service;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> complete(stopped).getBoolean("flexmoe.fail_closed"));
      assertThat(complete(service).getList("flexmoe.experts_used", String.class))
          .containsExactly("public");
      given()
          .baseUri("http://localhost")
          .port(service.port())
          .get("/q/health/ready")
          .then()
          .statusCode(200);

      Platform.broker.restart();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !complete(stopped).getBoolean("flexmoe.fail_closed"));
      assertThat(complete(service).getList("flexmoe.experts_used", String.class))
          .isEqualTo(List.of("public", market.newsId()));
    } finally {
      service.close();
      platform.stop();
    }
  }
}
