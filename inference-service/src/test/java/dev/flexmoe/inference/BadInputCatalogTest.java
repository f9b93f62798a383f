package dev.flexmoe.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal as OpenAI's error object with the status, {@code param} and {@code code} a client
 * can act on; and a good request right after each still succeeds.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class BadInputCatalogTest {

  @BeforeEach
  void ready() {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("{}", 400, "prompt", "missing_parameter"),
        Arguments.of("{\"prompt\": 7}", 400, "prompt", "invalid_type"),
        Arguments.of("{\"prompt\": [[1, \"x\"]]}", 400, "prompt", "invalid_type"),
        Arguments.of("{\"prompt\": [1, 2], \"max_tokens\": 0}", 400, "max_tokens", "invalid_value"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"temperature\": 2.5}", 400, "temperature", "invalid_value"),
        Arguments.of("{\"prompt\": [1, 2], \"top_p\": 0}", 400, "top_p", "invalid_value"),
        Arguments.of("{\"prompt\": [1, 2], \"n\": 99}", 400, "n", "invalid_value"),
        Arguments.of("{\"prompt\": [1, 2], \"stop\": [\"\"]}", 400, "stop", "invalid_value"),
        Arguments.of("{\"prompt\": [1, 2], \"logprobs\": 9}", 400, "logprobs", "invalid_value"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"echo\": true, \"stream\": true}",
            400,
            "stream",
            "unsupported_parameter"),
        Arguments.of("{\"prompt\": [1, 999999]}", 400, "prompt", "invalid_token"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"max_tokens\": 4000}", 400, "prompt", "context_length_exceeded"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"frequency\": 1}", 400, "frequency", "unknown_parameter"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"flexmoe\": {\"experts\": {\"include\": [\"nope\"]}}}",
            400,
            "flexmoe.experts",
            "unknown_expert"),
        Arguments.of(
            "{\"prompt\": [1, 2], \"flexmoe\": {\"experts\": {\"include\": [], \"exclude\": []}}}",
            400,
            "flexmoe.experts",
            "invalid_value"),
        Arguments.of("{\"prompt\": [1, 2], \"model\": \"gpt-4\"}", 404, "model", "model_not_found"),
        Arguments.of("{\"prompt\": [1, 2", 400, "prompt", "invalid_json"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void eachRefusalNamesItsParameter(String body, int status, String param, String code) {
    Calls.tenant("acme")
        .body(body)
        .post("/v1/completions")
        .then()
        .statusCode(status)
        .body("error.code", equalTo(code))
        .body("error.param", equalTo(param))
        .body("error.message", notNullValue());
    Calls.tenant("acme")
        .body(Map.of("prompt", List.of(1, 2), "max_tokens", 2))
        .post("/v1/completions")
        .then()
        .statusCode(200);
  }

  @Test
  void callersWithoutATenantTokenAreRefused() {
    given()
        .contentType("application/json")
        .body("{\"prompt\": \"hi\"}")
        .post("/v1/completions")
        .then()
        .statusCode(401)
        .body("error.code", equalTo("invalid_api_key"));
    given()
        .header("Authorization", Calls.bearer("alice", "owner"))
        .contentType("application/json")
        .body("{\"prompt\": \"hi\"}")
        .post("/v1/completions")
        .then()
        .statusCode(403)
        .body("error.code", equalTo("forbidden"));
  }
}
