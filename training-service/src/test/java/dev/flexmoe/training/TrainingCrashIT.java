package dev.flexmoe.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.events.TrainingFinished;
import dev.flexmoe.platformtestkit.RegistryProcess;
import dev.flexmoe.platformtestkit.RegistryUploads;
import dev.flexmoe.testkit.CatalogBroker;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import dev.flexmoe.testkit.TopicRecords;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged training service killed (SIGKILL) in the middle of a job: its job's process goes
 * with it, and after a restart the job resumes from its newest checkpoint and ends with exactly the
 * loss of the same job run without a crash.
 */
class TrainingCrashIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final Duration TRAINING = Duration.ofMinutes(3);

  private static CatalogBroker kafka;
  private static String bootstrap;
  private static EmbeddedPostgres postgres;
  private static PackagedService registry;
  private static String database;
  private static Path work;

  @BeforeAll
  static void platform() {
    kafka = CatalogBroker.open();
    bootstrap = kafka.bootstrapServers();
    postgres = EmbeddedPostgres.builder().start();
    String suffix = Long.toHexString(System.nanoTime());
    work = Path.of("target", "crash-" + suffix).toAbsolutePath();
    registry =
        RegistryProcess.start(
            bootstrap, postgres.createDatabase("registry_" + suffix), postgres, work);
    new RegistryUploads(registry.baseUri())
        .ensurePublicModel(Platform.PUBLIC_MODEL, Platform.publicModel());
    database = postgres.createDatabase("training_" + suffix);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aJobInterruptedByACrashResumesAndEndsWithTheUninterruptedLoss() throws Exception {
    int port = freePort();
    PackagedService service = start(port);
    Map<String, Object> spec = Owner.expertJob(hyperparameters());
    spec.put("autoRegister", false);

    String uninterrupted = submit(port, spec);
    JsonPath reference = awaitState(port, uninterrupted, "SUCCEEDED");

    String interrupted = submit(port, spec);
    awaitStep(port, interrupted, 150);
    assertThat(Owner.workersOf(interrupted)).hasSize(1);
    service.kill();
    await("the job's process follows the service")
        .atMost(Duration.ofSeconds(5))
        .until(() -> Owner.workersOf(interrupted).isEmpty());

    service = start(port);
    try {
      JsonPath resumed = awaitState(port, interrupted, "SUCCEEDED");
      assertThat(resumed.getInt("attempts")).as("started again once").isEqualTo(2);
      assertThat(resumed.getDouble("metrics.trainLoss"))
          .as("the same final loss as without the crash")
          .isEqualTo(reference.getDouble("metrics.trainLoss"));
      assertThat(resumed.getString("artifactDigest"))
          .as("the same expert, bit for bit")
          .isEqualTo(reference.getString("artifactDigest"));
      assertThat(log(port, interrupted)).contains("resum");
      List<CloudEvent<?>> finished =
          TopicRecords.all(bootstrap, TopicCatalog.TRAINING.name()).stream()
              .filter(r -> interrupted.equals(r.key()))
              .<CloudEvent<?>>map(r -> CloudEventCodec.decode(r.value()))
              .filter(e -> e.data() instanceof TrainingFinished)
              .toList();
      assertThat(finished.stream().map(CloudEvent::id).distinct()).hasSize(1);
    } finally {
      service.close();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, Object> hyperparameters() {
    Map<String, Object> hyperparameters = Owner.steps(600);
    hyperparameters.put("checkpointEvery", 50);
    return hyperparameters;
  }

  private static PackagedService start(int port) {
    return PackagedService.builder("training-service", JAR)
        .connections(bootstrap, database)
        .port(port)
        .property("quarkus.datasource.username", postgres.username())
        .property("quarkus.datasource.password", postgres.password())
        .property("flexmoe.registry.url", registry.baseUri().toString())
        .property("flexmoe.owner", Platform.OWNER)
        .property("flexmoe.data-roots", Owner.DATA_ROOT.toAbsolutePath().toString())
        .property("training.work-root", work.resolve("training").toString())
        .property("training.progress.interval", "200ms")
        .logDir(work)
        .start();
  }

  private static String submit(int port, Map<String, Object> job) {
    return call(port).body(job).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
  }

  private static JsonPath awaitState(int port, String id, String state) {
    JsonPath[] last = new JsonPath[1];
    await("job " + id + " " + state)
        .atMost(TRAINING)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = job(port, id);
              return state.equals(last[0].getString("state"));
            });
    return last[0];
  }

  private static void awaitStep(int port, String id, long step) {
    await("job " + id + " at step " + step)
        .atMost(TRAINING)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> job(port, id).getLong("step") >= step);
  }

  private static JsonPath job(int port, String id) {
    return call(port).get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static String log(int port, String id) {
    return call(port)
        .get("/api/v1/jobs/" + id + "/logs")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static io.restassured.specification.RequestSpecification call(int port) {
    return Owner.owner().baseUri("http://localhost").port(port);
  }
}
