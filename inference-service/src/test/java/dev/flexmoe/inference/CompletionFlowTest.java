package dev.flexmoe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.testkit.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service on a real broker and the real registry: it boots on the published version, serves
 * each tenant exactly the experts its policies allow (the same text as the model merged offline
 * without the others), follows policy changes at once, streams, and reports usage.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class CompletionFlowTest {

  private static final long[] PROMPT = {5, 17, 42, 8, 99, 3};

  private Marketplace market;

  @BeforeEach
  void ready() {
    market = Platform.marketplace;
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
  }

  private static JsonPath complete(String tenant, Map<String, Object> body) {
    return Calls.tenant(tenant)
        .body(body)
        .post("/v1/completions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> greedy(Object... extension) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("prompt", PROMPT, "max_tokens", 10, "temperature", 0));
    if (extension.length > 0) {
      body.put("flexmoe", Map.of("experts", extension[0]));
    }
    return body;
  }

  @Test
  void aTenantGetsExactlyTheExpertsItsPoliciesAllowAsIfMergedWithoutTheOthers() {
    JsonPath served = complete("acme", greedy());
    assertThat(served.getList("flexmoe.experts_used", String.class))
        .containsExactly("public", market.newsId());
    assertThat(served.getLong("flexmoe.model_version")).isPositive();
    assertThat(served.getBoolean("flexmoe.fail_closed")).isFalse();
    assertThat(served.getString("choices[0].text"))
        .isEqualTo(OfflineModel.complete(market, List.of(market.newsId()), PROMPT, 10));

    JsonPath excluded = complete("acme", greedy(Map.of("exclude", List.of(market.newsId()))));
    assertThat(excluded.getList("flexmoe.experts_used", String.class)).containsExactly("public");
    assertThat(excluded.getString("choices[0].text"))
        .isEqualTo(OfflineModel.complete(market, List.of(), PROMPT, 10));
  }

  @Test
  void aPolicyChangeAppliesToTheNextRequest() {
    Calls.policy(market.codeId(), ExpertPolicy.State.RESTRICTED, List.of("globex"), null, 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                complete("globex", greedy())
                    .getList("flexmoe.experts_used", String.class)
                    .contains(market.codeId()));
    JsonPath globex = complete("globex", greedy());
    assertThat(globex.getList("flexmoe.experts_used", String.class))
        .containsExactly("public", market.newsId(), market.codeId());
    assertThat(globex.getLong("flexmoe.policy_revision." + market.codeId())).isEqualTo(2);
    assertThat(globex.getString("choices[0].text"))
        .isEqualTo(
            OfflineModel.complete(market, List.of(market.newsId(), market.codeId()), PROMPT, 10));
    // acme is not on the list
    assertThat(complete("acme", greedy()).getList("flexmoe.experts_used", String.class))
        .doesNotContain(market.codeId());

    Calls.policy(market.codeId(), ExpertPolicy.State.OPEN, List.of(), Instant.now(), 3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                complete("globex", greedy()).getLong("flexmoe.policy_revision." + market.codeId())
                    == 3);
    // open, but its validUntil has passed
    assertThat(complete("globex", greedy()).getList("flexmoe.experts_used", String.class))
        .doesNotContain(market.codeId());
  }

  @Test
  void aStreamCarriesTheSameTextAndEndsWithDone() {
    String whole = complete("acme", greedy()).getString("choices[0].text");
    Map<String, Object> body = greedy();
    body.put("stream", true);
    String events =
        Calls.tenant("acme")
            .body(body)
            .post("/v1/completions")
            .then()
            .statusCode(200)
            .contentType("text/event-stream")
            .extract()
            .asString();
    List<String> data =
        events.lines().filter(line -> line.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String chunk : data.subList(0, data.size() - 1)) {
      text.append(JsonPath.from(chunk).getString("choices[0].text"));
    }
    assertThat(text.toString()).isEqualTo(whole);
    assertThat(JsonPath.from(data.get(data.size() - 2)).getString("choices[0].finish_reason"))
        .isIn("stop", "length");
  }

  @Test
  void severalPromptsAndChoicesComeBackInIndexOrder() {
    Map<String, Object> body =
        Map.of("prompt", List.of("The news today", "Once upon"), "max_tokens", 4, "n", 2);
    JsonPath response = complete("acme", body);
    assertThat(response.getList("choices.index", Integer.class)).containsExactly(0, 1, 2, 3);
    assertThat(response.getInt("usage.completion_tokens")).isBetween(4, 16);
  }

  @Test
  void servedTokensAreReportedAsUsageOfTheExpertsUsed() {
    complete("usage-tenant", greedy());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TopicRecords.all(Platform.bootstrap, TopicCatalog.USAGE.name()).stream()
                    .map(record -> (UsageRecorded) CloudEventCodec.decode(record.value()).data())
                    .anyMatch(
                        usage ->
                            usage.tenant().equals("usage-tenant")
                                && usage.expertId().equals(market.newsId())
                                && usage.tokens() >= 1
                                && usage.tokens() <= PROMPT.length + 10));
  }

  @Test
  void theModelListNamesTheServedVersion() {
    Calls.tenant("acme")
        .get("/v1/models")
        .then()
        .statusCode(200)
        .body("data[0].id", equalTo(Marketplace.MODEL))
        .body("data[0].flexmoe.model_version", notNullValue());
  }

  @Test
  void aNewVersionIsSwappedInAndAnOlderOneIgnored() {
    long before = complete("acme", greedy()).getLong("flexmoe.model_version");
    String text = complete("acme", greedy()).getString("choices[0].text");
    market.publish(before + 1);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> complete("acme", greedy()).getLong("flexmoe.model_version") == before + 1);
    // the same experts, reused by digest: the same text
    assertThat(complete("acme", greedy()).getString("choices[0].text")).isEqualTo(text);
    market.publish(before);
    market.publish(before + 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> complete("acme", greedy()).getLong("flexmoe.model_version") == before + 1);
  }

  @Test
  void aRecordThatIsNoVersionGoesToTheDeadLetterTopicAndServingGoesOn() {
    TopicRecords.send(
        Platform.bootstrap,
        TopicCatalog.MODEL_VERSIONS.name(),
        "poison-version",
        "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String dlq = TopicCatalog.deadLetterTopic("inference-service").name();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TopicRecords.all(Platform.bootstrap, dlq).stream()
                    .anyMatch(record -> "poison-version".equals(record.key())));
    assertThat(complete("acme", greedy()).getList("choices")).hasSize(1);
  }

  @Test
  void echoScoresThePromptAsTheModelMergedWithoutTheExcludedExpert() {
    Map<String, Object> body =
        Map.of("prompt", PROMPT, "max_tokens", 0, "echo", true, "logprobs", 2);
    JsonPath scored = complete("acme", body);
    List<Float> logprobs = scored.getList("choices[0].logprobs.token_logprobs", Float.class);
    assertThat(logprobs).hasSize(PROMPT.length);
    assertThat(logprobs.get(0)).isNull();
    float[] offline = OfflineModel.promptLogprobs(market, List.of(market.newsId()), PROMPT);
    for (int i = 1; i < PROMPT.length; i++) {
      assertThat(logprobs.get(i)).as("token %d", i).isCloseTo(offline[i - 1], within(1e-4f));
    }
    assertThat((Object) scored.get("choices[0].logprobs.top_logprobs[0]")).isNull();
    assertThat(scored.getMap("choices[0].logprobs.top_logprobs[1]")).hasSizeBetween(1, 2);
    assertThat(scored.getInt("usage.completion_tokens")).isZero();

    JsonPath excluded =
        complete(
            "acme",
            Map.of(
                "prompt",
                PROMPT,
                "max_tokens",
                0,
                "echo",
                true,
                "logprobs",
                0,
                "flexmoe",
                Map.of("experts", Map.of("exclude", List.of(market.newsId())))));
    float[] publicOnly = OfflineModel.promptLogprobs(market, List.<String>of(), PROMPT);
    List<Float> scores = excluded.getList("choices[0].logprobs.token_logprobs", Float.class);
    for (int i = 1; i < PROMPT.length; i++) {
      assertThat(scores.get(i)).isCloseTo(publicOnly[i - 1], within(1e-4f));
    }
  }

  @Test
  void logprobsScoreEachGeneratedTokenWithItsAlternatives() {
    Map<String, Object> body = greedy();
    body.put("logprobs", 3);
    body.put("max_tokens", 5);
    JsonPath response = complete("acme", body);
    List<String> tokens = response.getList("choices[0].logprobs.tokens", String.class);
    assertThat(tokens).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    assertThat(String.join("", tokens)).isEqualTo(response.getString("choices[0].text"));
    for (int i = 0; i < tokens.size(); i++) {
      Map<String, Float> top = response.getMap("choices[0].logprobs.top_logprobs[" + i + "]");
      // greedy: the chosen token is the most likely, so its log probability is the best one
      assertThat(response.getFloat("choices[0].logprobs.token_logprobs[" + i + "]"))
          .isEqualTo(top.values().stream().max(Float::compare).orElseThrow());
    }
  }

  @Test
  void aVersionThatDoesNotLoadLeavesTheCurrentOneServingAndIsReported() {
    long serving = complete("acme", greedy()).getLong("flexmoe.model_version");
    market.publishBroken(serving + 100);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                RestAssured.get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(
                        "checks.find { it.name == 'serving' }.data.last_failure",
                        org.hamcrest.Matchers.startsWith("version " + (serving + 100))));
    assertThat(complete("acme", greedy()).getLong("flexmoe.model_version")).isEqualTo(serving);
    // a good version after it is served
    market.publish(serving + 101);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> complete("acme", greedy()).getLong("flexmoe.model_version") == serving + 101);
  }
}
