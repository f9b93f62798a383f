package dev.flexmoe.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An owner's control over jobs: cancel stops the process at once, a process that dies fails its job
 * and nothing else, a job can wait for the owner's review before registration, and a dense job
 * stays on the machine.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class JobControlTest {

  private static final Duration TRAINING = Duration.ofSeconds(120);

  /** A long job a failed test left running would hold the queue for every later test. */
  @AfterEach
  void cancelWhatIsLeft() {
    for (String id : Owner.unfinishedJobs()) {
      Owner.owner().post("/api/v1/jobs/" + id + "/cancel");
    }
  }

  @Test
  void cancelStopsTheRunningProcessWithinTwoSecondsAndLeavesNoOrphan() {
    String id = Owner.submit(Owner.expertJob(Owner.steps(100_000)));
    Owner.awaitJob(id, TRAINING, job -> job.getLong("step") > 0);
    List<Long> workers = Owner.workersOf(id);
    assertThat(workers).hasSize(1);

    long asked = System.nanoTime();
    Owner.owner().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);
    await().atMost(Duration.ofSeconds(2)).until(() -> Owner.workersOf(id).isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));

    JsonPath job =
        Owner.awaitJob(id, Duration.ofSeconds(10), j -> j.getString("state").equals("CANCELLED"));
    assertThat(job.getString("registration")).isEqualTo("NONE");
    assertThat(Owner.workersOf(id)).isEmpty();
    Owner.owner()
        .post("/api/v1/jobs/" + id + "/cancel")
        .then()
        .statusCode(409)
        .body("code", equalTo("job-finished"));
  }

  @Test
  void aKilledProcessFailsItsJobWithTheReasonAndTheServiceStaysHealthy() {
    String id = Owner.submit(Owner.expertJob(Owner.steps(100_000)));
    Owner.awaitJob(id, TRAINING, job -> job.getLong("step") > 0);
    List<Long> workers = Owner.workersOf(id);
    assertThat(workers).hasSize(1);
    Owner.kill(workers.get(0));

    JsonPath job =
        Owner.awaitJob(id, Duration.ofSeconds(20), j -> j.getString("state").equals("FAILED"));
    assertThat(job.getString("error")).contains("the training process was killed (signal 9)");
    RestAssured.get("/q/health/ready").then().statusCode(200);

    // The next job runs as usual (in mixed precision, asked for by name).
    Map<String, Object> hyperparameters = Owner.steps(10);
    hyperparameters.put("precision", "bfloat16");
    Map<String, Object> dense = Owner.expertJob(hyperparameters);
    dense.put("kind", "dense");
    String next = Owner.submit(dense);
    JsonPath done = Owner.awaitJob(next, TRAINING, j -> j.getString("state").equals("SUCCEEDED"));
    assertThat(done.getString("hyperparameters.precision")).isEqualTo("bfloat16");
    assertThat(done.getString("registration")).as("a dense model stays local").isEqualTo("NONE");
    assertThat(done.getString("artifactDigest")).hasSize(64);
  }

  @Test
  void anExpertLeftForReviewIsRegisteredWhenTheOwnerSaysSo() {
    Map<String, Object> submission = Owner.expertJob(Owner.steps(12));
    submission.put("autoRegister", false);
    String id = Owner.submit(submission);
    JsonPath job = Owner.awaitJob(id, TRAINING, j -> j.getString("state").equals("SUCCEEDED"));
    assertThat(job.getString("registration")).isEqualTo("MANUAL");
    assertThat(job.getString("expertId")).isNull();
    String digest = job.getString("artifactDigest");
    assertThat(
            Owner.as(Platform.OWNER)
                .baseUri(Platform.registry.toString())
                .get("/api/v1/experts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.artifactDigest"))
        .as("nothing was uploaded before the owner's review")
        .doesNotContain(digest);

    JsonPath registered =
        Owner.owner()
            .post("/api/v1/jobs/" + id + "/registration")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(registered.getString("registration")).isEqualTo("REGISTERED");
    assertThat(registered.getString("expertId")).isNotNull();
    Owner.owner()
        .post("/api/v1/jobs/" + id + "/registration")
        .then()
        .statusCode(200)
        .body("expertId", equalTo(registered.getString("expertId")));
  }
}
