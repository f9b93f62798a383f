package dev.flexmoe.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.platformtestkit.DevTokens;
import dev.flexmoe.testkit.ProcessTable;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The data owner of the tests: its calls, its local data, its jobs. */
final class Owner {

  /** The folder the service may read in the test profile. */
  static final Path DATA_ROOT = Path.of("target/test-data");

  /** A string that appears in the owner's documents and must never leave the machine. */
  static final String MARKER = "QX7-PATIENT-RECORD-d41f9c0b";

  private static final Path SAMPLE = Path.of("../data/flexmix-lite-sample");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Owner() {}

  static RequestSpecification as(String subject) {
    return given()
        .header("Authorization", DevTokens.bearer(subject, "owner"))
        .contentType("application/json");
  }

  static RequestSpecification owner() {
    return as(Platform.OWNER);
  }

  /**
   * The sample's news documents, each with the marker planted in it, written under the data root as
   * JSON Lines; returns its path.
   */
  static synchronized Path markedNews() {
    Path file = DATA_ROOT.resolve("news-marked").resolve("train.jsonl");
    if (!Files.exists(file)) {
      List<String> lines = new ArrayList<>();
      for (String document : Corpus.read(SAMPLE.resolve("news/train.jsonl.gz"))) {
        int middle = document.length() / 2;
        String marked =
            document.substring(0, middle) + " " + MARKER + " " + document.substring(middle);
        lines.add(json(Map.of("text", marked)));
      }
      write(file, String.join("\n", lines) + "\n");
    }
    return file;
  }

  /** The sample's held-out news, under the data root. */
  static synchronized Path newsValidation() {
    Path file = DATA_ROOT.resolve("news").resolve("validation.jsonl.gz");
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.getParent());
        Files.copy(SAMPLE.resolve("news/validation.jsonl.gz"), file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  /** A file of {@code text} under the data root. */
  static Path file(String name, String text) {
    Path file = DATA_ROOT.resolve(name);
    write(file, text);
    return file;
  }

  /** An expert job on the marked news, with these hyperparameters; returns its request body. */
  static Map<String, Object> expertJob(Map<String, Object> hyperparameters) {
    Map<String, Object> job = new HashMap<>();
    job.put("kind", "expert");
    job.put("publicModel", Platform.PUBLIC_MODEL);
    job.put("data", markedNews().toString());
    job.put("validation", newsValidation().toString());
    job.put("domain", "news");
    job.put("hyperparameters", hyperparameters);
    return job;
  }

  /** Submits a job; returns its id. */
  static String submit(Map<String, Object> job) {
    return owner().body(job).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
  }

  static JsonPath job(String id) {
    return owner().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the job satisfies {@code condition}; returns it then. */
  static JsonPath awaitJob(String id, Duration atMost, Predicate<JsonPath> condition) {
    JsonPath[] last = new JsonPath[1];
    await("job " + id)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = job(id);
              return condition.test(last[0]);
            });
    return last[0];
  }

  /** The ids of jobs that are queued or running. */
  static List<String> unfinishedJobs() {
    return owner()
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("findAll { it.state == 'QUEUED' || it.state == 'RUNNING' }.id", String.class);
  }

  static int jobCount() {
    return owner()
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$")
        .size();
  }

  /** The processes that train {@code job} (from /proc: they name its folder). */
  static List<Long> workersOf(String job) {
    return ProcessTable.mentioning(Path.of(job));
  }

  /** Kills a process as the kernel's OOM killer or an operator's kill -9 would. */
  static void kill(long pid) {
    try {
      new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> steps(int steps) {
    Map<String, Object> hyperparameters = new HashMap<>();
    hyperparameters.put("steps", steps);
    hyperparameters.put("batchSize", 8);
    hyperparameters.put("checkpointEvery", 20);
    hyperparameters.put("seed", 3);
    return hyperparameters;
  }
}
