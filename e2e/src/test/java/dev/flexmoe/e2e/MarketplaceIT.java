package dev.flexmoe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.platformtestkit.DevTokens;
import dev.flexmoe.platformtestkit.ForgedExperts;
import dev.flexmoe.platformtestkit.MergeServiceProcess;
import dev.flexmoe.platformtestkit.MicroArtifacts;
import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.platformtestkit.RegistryUploads;
import dev.flexmoe.testkit.CatalogBroker;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import dev.flexmoe.testkit.TopicRecords;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The marketplace, end to end, on the five packaged services as processes of their own and two
 * inference replicas: an owner's expert trained by its training service, registered, validated,
 * merged, licensed, served, switched off and on again, its usage attributed to it, withdrawn; and a
 * forged expert that never reaches inference. Every hop's latency is printed.
 */
class MarketplaceIT {

  private static final String MODEL = "micro-public";
  private static final String OWNER = "alice";
  private static final String TENANT = "acme";
  private static final long[] PROMPT = {5, 17, 42, 8, 99, 3};
  private static final Duration HOP = Duration.ofSeconds(120);

  /** The public model, and an expert of another owner to forge from. */
  private static final MicroArtifacts ARTIFACTS =
      new MicroArtifacts(
          Path.of("target/micro-artifacts"),
          List.of(new MicroArtifacts.Expert("code", "mallory")),
          40);

  private static CatalogBroker kafka;
  private static String bootstrap;
  private static EmbeddedPostgres postgres;
  private static final List<PackagedService> services = new ArrayList<>();
  private static PackagedService registry;
  private static PackagedService policy;
  private static PackagedService training;
  private static final List<PackagedService> inference = new ArrayList<>();
  private static Path publicModel;
  private static Path work;

  private final Map<String, Double> hops = new LinkedHashMap<>();

  @BeforeAll
  static void platform() {
    kafka = CatalogBroker.open();
    bootstrap = kafka.bootstrapServers();
    postgres = EmbeddedPostgres.builder().start();
    String suffix = Long.toHexString(System.nanoTime());
    work = Path.of("target", "marketplace-" + suffix).toAbsolutePath();
    publicModel = ARTIFACTS.publicModel();

    registry =
        started(
            RegistryProcess.start(
                bootstrap, postgres.createDatabase("registry_" + suffix), postgres, work));
    new RegistryUploads(registry.baseUri()).registerPublicModel(MODEL, publicModel);
    started(
        MergeServiceProcess.start(
            bootstrap,
            postgres.createDatabase("merge_" + suffix),
            postgres,
            registry.baseUri(),
            work));
    policy =
        started(
            service("policy-service", suffix, work)
                .property("flexmoe.dev-keys", "../expert-registry/dev-keys")
                .start());
    training =
        started(
            service("training-service", suffix, work)
                .property("flexmoe.dev-keys", "../expert-registry/dev-keys")
                .property("flexmoe.registry.url", registry.baseUri().toString())
                .property("flexmoe.owner", OWNER)
                .property("flexmoe.data-roots", Path.of("../data").toAbsolutePath().toString())
                .property("training.work-root", work.resolve("training").toString())
                .start());
    for (int replica = 1; replica <= 2; replica++) {
      inference.add(
          started(
              PackagedService.builder("inference-" + replica, jar("inference-service"))
                  .connections(bootstrap, "")
                  .property("flexmoe.dev-keys", "../expert-registry/dev-keys")
                  .property("flexmoe.registry.url", registry.baseUri().toString())
                  .property(
                      "flexmoe.artifacts.cache-root",
                      work.resolve("inference-" + replica + "-cache").toString())
                  .property("ai.djl.offline", "true")
                  .property("ai.djl.pytorch.num_threads", "1")
                  // Ready only once a version is published: waited for as live here.
                  .awaitPath("/q/health/live")
                  .logDir(work)
                  .start()));
    }
    call(policy, "ops", "operator")
        .body(Map.of("displayName", "Acme", "licenseClasses", List.of()))
        .put("/api/v1/tenants/" + TENANT)
        .then()
        .statusCode(200);
  }

  @AfterAll
  static void stop() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void anExpertGoesFromItsOwnersDataToServedSwitchedOffAttributedAndWithdrawn() {
    // Trained at the owner and registered by its training service.
    long start = System.nanoTime();
    String job =
        call(training, OWNER, "owner")
            .body(
                Map.of(
                    "kind", "expert",
                    "publicModel", MODEL,
                    "data", "../data/flexmix-lite-sample/news/train.jsonl.gz",
                    "validation", "../data/flexmix-lite-sample/news/validation.jsonl.gz",
                    "domain", "news",
                    "hyperparameters", Map.of("steps", 40, "batchSize", 8)))
            .post("/api/v1/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    JsonPath trained =
        awaitJson(
            () -> call(training, OWNER, "owner").get("/api/v1/jobs/" + job),
            j -> "REGISTERED".equals(j.getString("registration")));
    String expert = trained.getString("expertId");
    long registered = hop("trained and registered (training service)", start);

    // The owner licenses it to everyone as soon as the policy service knows it.
    await("the policy service knows the expert")
        .atMost(HOP)
        .until(
            () ->
                call(policy, OWNER, "owner")
                        .body(Map.of("state", "OPEN", "reason", "launch"))
                        .put("/api/v1/experts/" + expert + "/license")
                        .statusCode()
                    == 200);
    long licensed = hop("licensed OPEN (policy service)", registered);

    long validated =
        eventHop(
            "validated (merge service)",
            registered,
            TopicCatalog.VALIDATIONS.name(),
            e -> e.data() instanceof ExpertValidated v && v.expertId().equals(expert));
    long published =
        eventHop(
            "merged into a published version",
            validated,
            TopicCatalog.MODEL_VERSIONS.name(),
            e ->
                e.data() instanceof ModelVersionPublished v
                    && v.experts().stream().anyMatch(x -> x.expertId().equals(expert)));
    List<Long> served = servedOnEveryReplica(expert, true, Math.max(published, licensed));
    hop("served on replica 1", Math.max(published, licensed), served.get(0));
    hop("served on replica 2", Math.max(published, licensed), served.get(1));

    // OFF: no response after the policy revision that says so uses it, on either replica.
    long off = System.nanoTime();
    long revision =
        call(policy, OWNER, "owner")
            .body(Map.of("state", "OFF", "reason", "pause"))
            .put("/api/v1/experts/" + expert + "/license")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("revision");
    List<Long> honoured = servedOnEveryReplica(expert, false, off);
    hop("OFF honoured on replica 1", off, honoured.get(0));
    hop("OFF honoured on replica 2", off, honoured.get(1));
    hops.put(
        "gap between the replicas' first OFF responses",
        Math.abs(honoured.get(0) - honoured.get(1)) / 1e6);
    for (PackagedService replica : inference) {
      JsonPath answer = complete(replica);
      assertThat(answer.getList("flexmoe.experts_used", String.class)).doesNotContain(expert);
      assertThat(answer.getLong("flexmoe.policy_revision.'" + expert + "'"))
          .isGreaterThanOrEqualTo(revision);
    }

    // ON again: used again.
    long on = System.nanoTime();
    call(policy, OWNER, "owner")
        .body(Map.of("state", "OPEN", "reason", "resume"))
        .put("/api/v1/experts/" + expert + "/license")
        .then()
        .statusCode(200);
    List<Long> back = servedOnEveryReplica(expert, true, on);
    hop("ON again, served on both replicas", on, Math.max(back.get(0), back.get(1)));

    // The tokens it served are attributed to it and the tenant.
    long usageFrom = System.nanoTime();
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    await("usage attributed to the expert and the tenant")
        .atMost(HOP)
        .until(
            () ->
                call(policy, OWNER, "owner")
                    .accept("application/json")
                    .get(
                        "/api/v1/experts/"
                            + expert
                            + "/usage?groupBy=tenant&from="
                            + today.minusDays(1)
                            + "&to="
                            + today.plusDays(1))
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.key == '" + TENANT + "' }.tokens", Number.class)
                    .stream()
                    .anyMatch(tokens -> tokens.doubleValue() > 0));
    hop("usage attributed (policy service)", usageFrom);

    // A forged expert (its projections unrelated to the anchor) is rejected and never served.
    long forgedFrom = System.nanoTime();
    Path forged =
        ForgedExperts.rewritten(
            ARTIFACTS.expert("code", "mallory"),
            HfCheckpoint.config(publicModel),
            HfCheckpoint.digest(publicModel),
            work.resolve("forged"),
            (name, weight) -> weight.neg());
    String forgedId = new RegistryUploads(registry.baseUri()).uploadExpert("mallory", forged);
    eventHop(
        "forged expert rejected (merge service)",
        forgedFrom,
        TopicCatalog.VALIDATIONS.name(),
        e -> e.data() instanceof ExpertRejected r && r.expertId().equals(forgedId));
    await("the registry shows the forged expert REJECTED")
        .atMost(HOP)
        .until(() -> registryState(forgedId).equals("REJECTED"));

    // Withdrawn: a new version without it is served, and the registry shows WITHDRAWN.
    long withdrawn = System.nanoTime();
    call(registry, OWNER, "owner")
        .delete("/api/v1/experts/" + expert + "?reason=leaving")
        .then()
        .statusCode(200);
    eventHop(
        "a version without it published",
        withdrawn,
        TopicCatalog.MODEL_VERSIONS.name(),
        e ->
            e.data() instanceof ModelVersionPublished v
                && v.experts().stream().noneMatch(x -> x.expertId().equals(expert)));
    List<Long> gone = servedOnEveryReplica(expert, false, withdrawn);
    hop("withdrawal served on both replicas", withdrawn, Math.max(gone.get(0), gone.get(1)));
    await("the registry shows the expert WITHDRAWN")
        .atMost(HOP)
        .until(() -> registryState(expert).equals("WITHDRAWN"));
    for (PackagedService replica : inference) {
      assertThat(complete(replica).getList("flexmoe.experts_used", String.class))
          .doesNotContain(expert, forgedId);
    }
    assertThat(versionsHolding(forgedId)).as("the forged expert reached no version").isZero();

    StringBuilder report = new StringBuilder("marketplace hops (ms):\n");
    hops.forEach(
        (name, ms) -> report.append(String.format(Locale.ROOT, "  %-50s %8.0f%n", name, ms)));
    System.out.println(report);
  }

  /**
   * When each replica first answered with ({@code used}) or without the expert, polling both at
   * once from {@code since}.
   */
  private List<Long> servedOnEveryReplica(String expert, boolean used, long since) {
    List<CompletableFuture<Long>> firsts = new ArrayList<>();
    for (PackagedService replica : inference) {
      firsts.add(
          CompletableFuture.supplyAsync(
              () -> {
                long[] at = new long[1];
                await(
                        replica.log().getFileName()
                            + (used ? " serves " : " no longer serves ")
                            + expert)
                    .atMost(HOP)
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions()
                    .until(
                        () -> {
                          boolean contains =
                              complete(replica)
                                  .getList("flexmoe.experts_used", String.class)
                                  .contains(expert);
                          at[0] = System.nanoTime();
                          return contains == used;
                        });
                return at[0];
              }));
    }
    return firsts.stream().map(CompletableFuture::join).toList();
  }

  private long eventHop(String name, long since, String topic, Predicate<CloudEvent<?>> match) {
    long[] at = new long[1];
    await(name)
        .atMost(HOP)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Optional<CloudEvent<?>> found =
                  TopicRecords.all(bootstrap, topic).stream()
                      .filter(r -> r.value() != null)
                      .<CloudEvent<?>>map(r -> CloudEventCodec.decode(r.value()))
                      .filter(match)
                      .findFirst();
              at[0] = System.nanoTime();
              return found.isPresent();
            });
    return hop(name, since, at[0]);
  }

  private long versionsHolding(String expert) {
    return TopicRecords.all(bootstrap, TopicCatalog.MODEL_VERSIONS.name()).stream()
        .filter(r -> r.value() != null)
        .map(r -> (ModelVersionPublished) CloudEventCodec.decode(r.value()).data())
        .filter(v -> v.experts().stream().anyMatch(x -> x.expertId().equals(expert)))
        .count();
  }

  private static String registryState(String expert) {
    return call(registry, "ops", "operator")
        .get("/api/v1/experts/" + expert)
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }

  private static JsonPath complete(PackagedService replica) {
    return call(replica, TENANT, "tenant")
        .body(Map.of("prompt", PROMPT, "max_tokens", 4, "temperature", 0))
        .post("/v1/completions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath awaitJson(
      java.util.function.Supplier<io.restassured.response.Response> request,
      Predicate<JsonPath> done) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(HOP)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = request.get().then().statusCode(200).extract().jsonPath();
              return done.test(last[0]);
            });
    return last[0];
  }

  private long hop(String name, long since) {
    return hop(name, since, System.nanoTime());
  }

  private long hop(String name, long since, long at) {
    hops.put(name, (at - since) / 1e6);
    return at;
  }

  private static RequestSpecification call(PackagedService service, String subject, String role) {
    return RestAssured.given()
        .baseUri("http://localhost")
        .port(service.port())
        .header("Authorization", DevTokens.bearer(subject, role))
        .contentType("application/json");
  }

  private static PackagedService.Builder service(String name, String suffix, Path work) {
    return PackagedService.builder(name, jar(name))
        .connections(bootstrap, postgres.createDatabase(name.replace('-', '_') + "_" + suffix))
        .property("quarkus.datasource.username", postgres.username())
        .property("quarkus.datasource.password", postgres.password())
        .logDir(work);
  }

  private static Path jar(String service) {
    return Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar");
  }

  private static PackagedService started(PackagedService service) {
    services.add(service);
    return service;
  }
}
