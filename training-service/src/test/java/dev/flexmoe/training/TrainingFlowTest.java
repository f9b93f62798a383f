package dev.flexmoe.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.EventPayload;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.events.TrainingFinished;
import dev.flexmoe.events.TrainingProgress;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.platformtestkit.DevTokens;
import dev.flexmoe.testkit.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An owner's expert, end to end: submitted on local data, followed over SSE and on Kafka, signed,
 * registered, and validated by the merge service; and nothing of the data leaves but the expert.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class TrainingFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINAL_EXPERT_STATES = Set.of("VALIDATED", "ACTIVE");

  @TestHTTPResource("/")
  URI service;

  @Test
  void anExpertIsTrainedSignedRegisteredAndValidatedWithNothingOfItsDataLeaving() throws Exception {
    String id = Owner.submit(Owner.expertJob(Owner.steps(60)));
    CompletableFuture<List<Sse>> stream = follow(id);

    JsonPath job =
        Owner.awaitJob(
            id,
            Duration.ofSeconds(180),
            j ->
                j.getString("expertStatus") != null
                    && FINAL_EXPERT_STATES.contains(j.getString("expertStatus")));
    assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(job.getString("registration")).isEqualTo("REGISTERED");
    assertThat(job.getLong("step")).isEqualTo(60);
    assertThat(job.getInt("attempts")).isEqualTo(1);
    assertThat(job.getDouble("metrics.trainLoss")).isPositive();
    assertThat(job.getDouble("metrics.validationBitsPerByte")).isPositive();
    String expertId = job.getString("expertId");
    String digest = job.getString("artifactDigest");

    // The event stream: the job's state first, steps in order, and it ends once settled.
    List<Sse> events = stream.get(30, TimeUnit.SECONDS);
    assertThat(events.get(0).name()).isEqualTo("state");
    List<Integer> steps =
        events.stream()
            .filter(e -> e.name().equals("progress"))
            .map(e -> e.data().path("step").asInt())
            .toList();
    assertThat(steps).isNotEmpty().isSorted().last().isEqualTo(60);
    Sse last = events.get(events.size() - 1);
    assertThat(last.name()).isEqualTo("state");
    assertThat(last.data().path("expertStatus").asText()).isIn(FINAL_EXPERT_STATES);
    assertThat(
            events.stream()
                .filter(e -> e.name().equals("progress"))
                .findFirst()
                .get()
                .data()
                .fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "step", "totalSteps", "loss", "learningRate", "tokensPerSecond", "etaSeconds");

    // Kafka: throttled progress and one outcome, keyed by the job.
    List<ConsumerRecord<String, byte[]>> records =
        TopicRecords.all(Platform.bootstrap, TopicCatalog.TRAINING.name()).stream()
            .filter(r -> id.equals(r.key()))
            .toList();
    List<EventPayload> payloads =
        records.stream().map(r -> (EventPayload) CloudEventCodec.decode(r.value()).data()).toList();
    List<TrainingProgress> progress =
        payloads.stream()
            .filter(TrainingProgress.class::isInstance)
            .map(TrainingProgress.class::cast)
            .toList();
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).step()).isEqualTo(60);
    assertThat(progress.size()).as("throttled, not one per step").isLessThan(60);
    List<TrainingFinished> finished =
        payloads.stream()
            .filter(TrainingFinished.class::isInstance)
            .map(TrainingFinished.class::cast)
            .toList();
    assertThat(finished).hasSize(1);
    assertThat(finished.get(0).outcome()).isEqualTo(TrainingFinished.Outcome.SUCCEEDED);
    assertThat(finished.get(0).artifactDigest()).isEqualTo(digest);
    assertThat(finished.get(0).expertId()).isEqualTo(expertId);

    // The registry holds the owner's expert, signed with the key the service registered for it.
    JsonPath expert =
        Owner.as(Platform.OWNER)
            .baseUri(Platform.registry.toString())
            .get("/api/v1/experts/" + expertId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(expert.getString("ownerId")).isEqualTo(Platform.OWNER);
    assertThat(expert.getString("artifactDigest")).isEqualTo(digest);
    assertThat(expert.getBoolean("signed")).isTrue();
    byte[] manifest = registryBytes("/api/v1/experts/" + expertId + "/files/expert.json");
    byte[] signature =
        Base64.getDecoder()
            .decode(
                new String(
                        registryBytes("/api/v1/experts/" + expertId + "/files/expert.sig"),
                        StandardCharsets.US_ASCII)
                    .trim());
    JsonNode keys = JSON.readTree(registryBytes("/api/v1/owners/" + Platform.OWNER + "/keys"));
    assertThat(keys).hasSize(1);
    assertThat(
            ExpertSignatures.verifies(
                Base64.getDecoder().decode(keys.get(0).path("publicKey").asText()),
                ExpertSignatures.message(manifest, digest),
                signature))
        .isTrue();

    // What left: exactly the expert's tensors, and a manifest of statistics.
    byte[] artifact = registryBytes("/api/v1/experts/" + expertId + "/artifact");
    assertThat(tensorNames(artifact)).isEqualTo(expertTensors(2, true));
    JsonNode manifestJson = JSON.readTree(manifest);
    assertThat(manifestJson.path("data").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("documents", "tokens", "bytes");
    List<RecordingProxy.Request> withBodies =
        Platform.proxy.requests().stream().filter(r -> r.body().length > 0).toList();
    assertThat(withBodies)
        .allSatisfy(
            r ->
                assertThat(r.method() + " " + r.path())
                    .isIn(
                        "POST /api/v1/experts", "POST /api/v1/owners/" + Platform.OWNER + "/keys"));
    RecordingProxy.Request upload =
        withBodies.stream()
            .filter(r -> r.path().equals("/api/v1/experts"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no upload among "
                            + Platform.proxy.requests().stream()
                                .map(r -> r.method() + " " + r.path() + " " + r.body().length)
                                .toList()));
    assertThat(partNames(upload.body()))
        .containsExactly("expert.json", "expert.safetensors", "signature");
    for (RecordingProxy.Request sent : withBodies) {
      if (sent.path().endsWith("/keys")) {
        assertThat(JSON.readTree(sent.body()).fieldNames())
            .toIterable()
            .containsExactly("publicKey");
      }
    }

    // The planted marker is in no byte that left: not to the registry, not on any topic.
    byte[] marker = Owner.MARKER.getBytes(StandardCharsets.UTF_8);
    assertThat(indexOf(Platform.proxy.sent(), marker))
        .as("marker sent to the registry")
        .isEqualTo(-1);
    assertThat(Platform.proxy.sent().length)
        .as("the upload went through the proxy")
        .isGreaterThan(artifact.length);
    for (var topic : TopicCatalog.all()) {
      for (ConsumerRecord<String, byte[]> record :
          TopicRecords.all(Platform.bootstrap, topic.name())) {
        if (record.value() != null) {
          assertThat(indexOf(record.value(), marker)).as("marker on " + topic.name()).isEqualTo(-1);
        }
      }
    }
  }

  /** One server-sent event. */
  record Sse(String name, JsonNode data) {}

  private CompletableFuture<List<Sse>> follow(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(service.resolve("/api/v1/jobs/" + id + "/events"))
            .header("Authorization", DevTokens.bearer(Platform.OWNER, "owner"))
            .header("Accept", "text/event-stream")
            .build();
    return HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response -> {
              assertThat(response.statusCode()).isEqualTo(200);
              List<Sse> events = new ArrayList<>();
              String name = null;
              for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (line.startsWith("event:")) {
                  name = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                  try {
                    events.add(new Sse(name, JSON.readTree(line.substring("data:".length()))));
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              }
              return events;
            });
  }

  private static byte[] registryBytes(String path) {
    return Owner.as(Platform.OWNER)
        .baseUri(Platform.registry.toString())
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }

  /**
   * The tensor names in a safetensors file, read from its header here rather than by the code under
   * test.
   */
  private static Set<String> tensorNames(byte[] safetensors) throws java.io.IOException {
    long length = ByteBuffer.wrap(safetensors, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode header =
        JSON.readTree(new String(safetensors, 8, (int) length, StandardCharsets.UTF_8));
    Set<String> names = new HashSet<>();
    header.fieldNames().forEachRemaining(names::add);
    names.remove("__metadata__");
    return names;
  }

  /** An expert's tensors as docs/architecture.md lists them: per layer its FFN and router row. */
  private static Set<String> expertTensors(int layers, boolean routerBias) {
    Set<String> names = new HashSet<>();
    for (int layer = 0; layer < layers; layer++) {
      for (String projection : List.of("gate", "up", "down")) {
        names.add("layers." + layer + "." + projection + "_proj.weight");
      }
      names.add("layers." + layer + ".router.weight");
      if (routerBias) {
        names.add("layers." + layer + ".router.bias");
      }
    }
    return names;
  }

  private static List<String> partNames(byte[] multipart) {
    Matcher names =
        Pattern.compile("Content-Disposition: form-data; name=\"([^\"]+)\"")
            .matcher(new String(multipart, StandardCharsets.ISO_8859_1));
    List<String> found = new ArrayList<>();
    while (names.find()) {
      found.add(names.group(1));
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
