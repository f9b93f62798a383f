package dev.flexmoe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.infra.dev.DevToken;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;

/**
 * The demo marketplace, seeded on the first start and found in place on later ones (its Kafka and
 * PostgreSQL keep their data): a micro public model pretrained and registered by the operator's own
 * training service; three experts trained from the shipped FlexMix-lite sample by three owners,
 * each through its own training service and validated by the merge service; news OPEN to everyone,
 * forum RESTRICTED to the tenant acme, creative left OFF. (At the micro scale the code and math
 * experts move too far from the public model for the merge service's probe and are rejected.) Then
 * it prints calls to try, tokens included.
 */
final class DemoSeed {

  /** A demo owner: its expert's domain, its training service's port and its license. */
  record Owner(String id, String domain, int port, String state) {}

  static final String MODEL = "micro-public";

  /** The operator, whose own training service pretrains the public model. */
  static final String OPERATOR = "ops";

  static final int OPERATOR_PORT = 8088;
  static final String TENANT = "acme";
  static final List<Owner> OWNERS =
      List.of(
          new Owner("alice", "news", 8085, "OPEN"),
          new Owner("bob", "forum", 8086, "RESTRICTED"),
          new Owner("carol", "creative", 8087, "OFF"));

  private static final URI REGISTRY = URI.create("http://localhost:8081");
  private static final URI POLICY = URI.create("http://localhost:8083");
  private static final URI INFERENCE = URI.create("http://localhost:8084");
  private static final Duration SEEDING = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final String devKey;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  DemoSeed(Path home, PrintStream out) throws IOException {
    this.home = home;
    this.devKey = Files.readString(home.resolve("expert-registry/dev-keys/jwt-private.pem"));
    this.out = out;
  }

  void seed() throws Exception {
    long start = System.nanoTime();
    if (!publicModelRegistered()) {
      trainPublicModel();
    }
    send(
        "PUT",
        POLICY,
        "/api/v1/tenants/" + TENANT,
        token("ops", "operator"),
        Map.of("displayName", "Acme Research", "licenseClasses", List.of()));
    Map<Owner, String> experts = new LinkedHashMap<>();
    Map<Owner, String> jobs = new LinkedHashMap<>();
    for (Owner owner : OWNERS) {
      String registered = registeredExpert(owner);
      if (registered != null) {
        experts.put(owner, registered);
      } else {
        jobs.put(owner, submit(owner));
      }
    }
    for (Map.Entry<Owner, String> job : jobs.entrySet()) {
      experts.put(job.getKey(), awaitRegistered(job.getKey(), job.getValue()));
    }
    for (Map.Entry<Owner, String> expert : experts.entrySet()) {
      license(expert.getKey(), expert.getValue());
    }
    Awaitility.await("the inference service serving the demo's model")
        .atMost(SEEDING)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> status(INFERENCE.resolve("/q/health/ready")) == 200);
    out.printf("demo marketplace ready in %.0f s%n", (System.nanoTime() - start) / 1e9);
    printTour(experts);
  }

  private boolean publicModelRegistered() throws Exception {
    for (JsonNode model : get(REGISTRY, "/api/v1/public-models", token("ops", "operator"))) {
      if (MODEL.equals(model.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The operator's public model, pretrained (tokenizer included) and registered by the operator's
   * own training service.
   */
  private void trainPublicModel() throws Exception {
    String operator = token(OPERATOR, "operator");
    String found = unfinishedJob(training(OPERATOR_PORT), operator, "PUBLIC", MODEL);
    String job =
        found != null
            ? found
            : send(
                    "POST",
                    training(OPERATOR_PORT),
                    "/api/v1/jobs",
                    operator,
                    Map.of(
                        "kind",
                        "public",
                        "name",
                        MODEL,
                        "preset",
                        "micro",
                        "vocabSize",
                        384,
                        "data",
                        home.resolve("data/flexmix-lite-sample/public/train.jsonl.gz").toString(),
                        "hyperparameters",
                        Map.of("steps", 200, "batchSize", 8)))
                .path("id")
                .asText();
    out.printf("demo: the operator pretrains the public model %s (job %s)%n", MODEL, job);
    out.flush();
    Awaitility.await("the public model registered")
        .atMost(SEEDING)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode now = get(training(OPERATOR_PORT), "/api/v1/jobs/" + job, operator);
              String state = now.path("state").asText();
              if (state.equals("FAILED") || now.path("registration").asText().equals("REFUSED")) {
                throw new IllegalStateException(
                    "the public model's job "
                        + state
                        + ": "
                        + now.path("error").asText(now.path("registrationError").asText()));
              }
              return now.path("registration").asText().equals("REGISTERED");
            });
    out.println("demo: public model " + MODEL + " registered");
  }

  private String registeredExpert(Owner owner) throws Exception {
    JsonNode page = get(REGISTRY, "/api/v1/experts?owner=" + owner.id(), token("ops", "operator"));
    for (JsonNode expert : page.path("items")) {
      if (owner.domain().equals(expert.path("domain").asText())
          && !List.of("WITHDRAWN", "REJECTED").contains(expert.path("state").asText())) {
        return expert.path("id").asText();
      }
    }
    return null;
  }

  /**
   * A job of this kind and name (or domain) that a stopped start left queued, running or still
   * registering: the service carries it on, so the seed waits for it instead of training again.
   */
  private String unfinishedJob(URI service, String token, String kind, String name)
      throws Exception {
    for (JsonNode job : get(service, "/api/v1/jobs", token)) {
      boolean same =
          kind.equals(job.path("kind").asText())
              && (name.equals(job.path("name").asText())
                  || name.equals(job.path("domain").asText()));
      boolean alive =
          !List.of("FAILED", "CANCELLED").contains(job.path("state").asText())
              && !job.path("registration").asText().equals("REFUSED")
              && !List.of("REJECTED", "WITHDRAWN").contains(job.path("expertStatus").asText());
      if (same && alive) {
        return job.path("id").asText();
      }
    }
    return null;
  }

  private String submit(Owner owner) throws Exception {
    String running =
        unfinishedJob(training(owner), token(owner.id(), "owner"), "EXPERT", owner.domain());
    if (running != null) {
      out.printf(
          "demo: %s's %s expert is still being trained (job %s)%n",
          owner.id(), owner.domain(), running);
      return running;
    }
    String sample = "data/flexmix-lite-sample/" + owner.domain();
    JsonNode job =
        send(
            "POST",
            training(owner),
            "/api/v1/jobs",
            token(owner.id(), "owner"),
            Map.of(
                "kind", "expert",
                "publicModel", MODEL,
                "data", home.resolve(sample + "/train.jsonl.gz").toString(),
                "validation", home.resolve(sample + "/validation.jsonl.gz").toString(),
                "domain", owner.domain(),
                "hyperparameters", Map.of("steps", 40, "batchSize", 8)));
    out.printf(
        "demo: %s trains its %s expert (job %s)%n",
        owner.id(), owner.domain(), job.path("id").asText());
    out.flush();
    return job.path("id").asText();
  }

  private String awaitRegistered(Owner owner, String job) {
    String[] expert = new String[1];
    Awaitility.await(owner.id() + "'s expert registered and validated")
        .atMost(SEEDING)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode now =
                  get(training(owner), "/api/v1/jobs/" + job, token(owner.id(), "owner"));
              if (now.path("state").asText().equals("FAILED")) {
                throw new IllegalStateException(
                    owner.id() + "'s job failed: " + now.path("error").asText());
              }
              expert[0] = now.path("expertId").asText(null);
              String verdict = now.path("expertStatus").asText("");
              if (verdict.equals("REJECTED")) {
                throw new IllegalStateException(
                    owner.id() + "'s expert " + expert[0] + " was rejected by the merge service");
              }
              return verdict.equals("VALIDATED") || verdict.equals("ACTIVE");
            });
    return expert[0];
  }

  private void license(Owner owner, String expert) {
    Map<String, Object> license = new LinkedHashMap<>();
    license.put("state", owner.state());
    if (owner.state().equals("RESTRICTED")) {
      license.put("tenants", List.of(TENANT));
    }
    license.put("reason", "demo");
    // The policy service learns of the expert from the registry's event, a moment after it.
    Awaitility.await(owner.id() + "'s license")
        .atMost(SEEDING)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              send(
                  "PUT",
                  POLICY,
                  "/api/v1/experts/" + expert + "/license",
                  token(owner.id(), "owner"),
                  license);
              return true;
            });
  }

  private void printTour(Map<Owner, String> experts) {
    String tenant = token(TENANT, "tenant");
    Owner alice = OWNERS.get(0);
    String aliceToken = token(alice.id(), "owner");
    String news = experts.get(alice);
    out.println();
    out.println(
        "Experts: "
            + experts.entrySet().stream()
                .map(
                    e ->
                        e.getKey().id()
                            + "'s "
                            + e.getKey().domain()
                            + " "
                            + e.getValue()
                            + " ("
                            + e.getKey().state()
                            + ")")
                .toList());
    out.println("A completion as tenant acme (news and forum serve it, creative is OFF):");
    out.println(
        "  curl -s localhost:8084/v1/completions -H 'Authorization: Bearer "
            + tenant
            + "' -H 'Content-Type: application/json' -d '{\"prompt\": \"The market opened\", \"max_tokens\": 16, \"temperature\": 0}'");
    out.println("alice switches her news expert off (the next completion no longer uses it):");
    out.println(
        "  curl -s -X PUT localhost:8083/api/v1/experts/"
            + news
            + "/license -H 'Authorization: Bearer "
            + aliceToken
            + "' -H 'Content-Type: application/json' -d '{\"state\": \"OFF\", \"reason\": \"pause\"}'");
    out.println("alice reads the tokens her expert served, by tenant:");
    out.println(
        "  curl -s 'localhost:8083/api/v1/experts/"
            + news
            + "/usage?from="
            + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(30)
            + "&to="
            + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
            + "' -H 'Authorization: Bearer "
            + aliceToken
            + "'");
    out.println("(tokens are valid for 12 hours; expert-registry/bin/dev-token mints more)");
    out.flush();
  }

  private static URI training(Owner owner) {
    return training(owner.port());
  }

  private static URI training(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  private String token(String subject, String role) {
    return DevToken.mint(subject, Set.of(role), Duration.ofHours(12), devKey);
  }

  private JsonNode get(URI base, String path, String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    require(response, 200);
    return JSON.readTree(response.body());
  }

  private JsonNode send(String method, URI base, String path, String token, Object body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                    method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      require(response, 200);
    }
    return JSON.readTree(response.body());
  }

  private int status(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void require(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
