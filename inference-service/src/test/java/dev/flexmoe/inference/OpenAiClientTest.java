package dev.flexmoe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client (pinned in src/test/resources/openai-client) completes,
 * streams and reads an error from the service, as any OpenAI application would.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class OpenAiClientTest {

  private static final Path SOURCES = Path.of("src/test/resources/openai-client");
  private static final Path CLIENT = Path.of("target/openai-client");

  @Test
  void theOfficialClientCompletesStreamsAndReadsAnError() throws Exception {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    install();
    String token = Calls.bearer("acme", "tenant").substring("Bearer ".length());
    JsonNode result =
        new ObjectMapper()
            .readTree(
                run(
                    List.of("node", "client.mjs"),
                    Map.of(
                        "FLEXMOE_BASE_URL",
                        "http://localhost:" + RestAssured.port,
                        "FLEXMOE_TOKEN",
                        token)));

    String expected =
        Calls.tenant("acme")
            .body(
                Map.of(
                    "model",
                    "micro-public",
                    "prompt",
                    "The news today",
                    "max_tokens",
                    8,
                    "temperature",
                    0))
            .post("/v1/completions")
            .then()
            .statusCode(200)
            .extract()
            .path("choices[0].text");
    assertThat(result.path("text").asText()).isEqualTo(expected);
    assertThat(result.path("streamed").asText()).isEqualTo(expected);
    assertThat(result.path("finishReason").asText()).isIn("stop", "length");
    assertThat(result.path("flexmoe").path("experts_used").get(0).asText()).isEqualTo("public");
    JsonNode error = result.path("error");
    assertThat(error.path("status").asInt()).isEqualTo(400);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("max_tokens");
    assertThat(error.path("code").asText()).isEqualTo("invalid_value");
  }

  /** The pinned client, installed from its lock file once per build. */
  private static void install() throws Exception {
    Files.createDirectories(CLIENT);
    for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(SOURCES.resolve(file), CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(CLIENT.resolve("node_modules/openai"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
    }
  }

  private static String run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT.toFile());
    builder.environment().putAll(environment);
    Path log = CLIENT.resolve("stderr.log");
    builder.redirectError(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          command.get(0) + " is needed for this test (Node.js 20 or newer with npm)", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s failed: %s", command, Files.readString(log)).isZero();
    return out;
  }
}
