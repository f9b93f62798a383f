package dev.flexmoe.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.bench.Measure;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training throughput of a job of the packaged training service against the same run through the
 * command line ({@code flexmoe train expert}, the baseline), alternated in one run on the same
 * public model, corpus and settings. Both are measured the same way, from the artifact's manifest:
 * tokens trained (steps x batch x sequence length) over the seconds the training loop took, so that
 * JVM start and model loading, which both pay, stay out of the figure.
 */
@Command(
    name = "training-benchmark",
    mixinStandardHelpOptions = true,
    description = "Tokens per second of a training-service job vs. the same run via the CLI.")
public final class TrainingThroughputBenchmark implements Callable<Integer> {

  private static final String OWNER = "bench-owner";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--steps", description = "Steps per run (default: ${DEFAULT-VALUE}).")
  int steps = 300;

  @Option(
      names = "--rounds",
      description = "CLI and job runs, alternated (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--sample", description = "FlexMix-lite sample (default: ${DEFAULT-VALUE}).")
  Path sample = Path.of("data/flexmix-lite-sample");

  @Option(names = "--registry-jar", description = "The packaged registry.")
  Path registryJar = Path.of("expert-registry/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--training-jar", description = "The packaged training service.")
  Path trainingJar = Path.of("training-service/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--dev-keys", description = "The development keys.")
  Path devKeys = Path.of("expert-registry/dev-keys");

  private final HttpClient client = HttpClient.newHttpClient();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainingThroughputBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("flexmoe-training-bench");
    Path publicModel = TrainedArtifacts.train(sample, work.resolve("trained")).publicModel();
    Path corpus = sample.resolve("news/train.jsonl.gz");
    List<Process> services = new ArrayList<>();
    boolean succeeded = false;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      int registryPort = UploadBenchmark.freePort();
      URI registry = URI.create("http://127.0.0.1:" + registryPort);
      services.add(
          ServiceProcesses.registry(
              work,
              registryJar,
              devKeys,
              kafka.bootstrapServers(),
              postgres.withCredentials(postgres.createDatabase("registry_bench")),
              registryPort));
      RegistryHttp http = new RegistryHttp(registry, devKeys);
      http.mintTokens(Map.of("bench-operator", "operator", OWNER, "owner"));
      http.awaitReady(services.get(0));
      http.registerPublicModel("bench-public", HfCheckpoint.digest(publicModel), publicModel);
      int trainingPort = UploadBenchmark.freePort();
      URI training = URI.create("http://127.0.0.1:" + trainingPort);
      services.add(
          ServiceProcesses.training(
              work,
              trainingJar,
              devKeys,
              registry,
              OWNER,
              sample,
              kafka.bootstrapServers(),
              postgres.withCredentials(postgres.createDatabase("training_bench")),
              trainingPort));
      PackagedService.awaitReady(
          training.resolve("/q/health/ready"), services.get(1), "the training service");

      double[] cli = new double[rounds];
      double[] job = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        cli[round] = tokensPerSecond(viaCli(publicModel, corpus, work.resolve("cli-" + round)));
        job[round] = tokensPerSecond(viaJob(training, http.token(OWNER), corpus, work));
        System.err.printf(
            Locale.ROOT,
            "round %d: cli %.0f tok/s, job %.0f tok/s%n",
            round + 1,
            cli[round],
            job[round]);
      }
      System.out.println(report(cli, job));
      succeeded = true;
      return 0;
    } finally {
      for (Process service : services) {
        service.destroy();
        service.waitFor();
      }
      if (succeeded) {
        Directories.deleteRecursively(work);
      } else {
        System.err.println("training-benchmark: kept " + work + " (registry.log, training.log)");
      }
    }
  }

  /** The artifact of {@code flexmoe train expert} with the job's settings, in a JVM of its own. */
  private Path viaCli(Path publicModel, Path corpus, Path out) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "cli/bin/flexmoe",
                "train",
                "expert",
                "--public",
                publicModel.toString(),
                "--corpus",
                corpus.toString(),
                "--domain",
                "news",
                "--owner",
                OWNER,
                "--steps",
                Integer.toString(steps),
                "--batch-size",
                "8",
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
    // With run-module's own options, those a job's JVM gets by default
    // (training.worker.jvm-options).
    builder.environment().put("JAVA_OPTS", "-Xmx2g");
    Process process = builder.start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("flexmoe train expert failed; see " + out + ".log");
    }
    return out;
  }

  /** The artifact of the same run as a job of the training service. */
  private Path viaJob(URI training, String token, Path corpus, Path work) throws Exception {
    Map<String, Object> submission =
        Map.of(
            "kind",
            "expert",
            "publicModel",
            "bench-public",
            "data",
            corpus.toAbsolutePath().toString(),
            "domain",
            "news",
            "autoRegister",
            false,
            "hyperparameters",
            Map.of("steps", steps, "batchSize", 8));
    JsonNode job =
        JSON.readTree(
            send(
                HttpRequest.newBuilder(training.resolve("/api/v1/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(submission))),
                token,
                201));
    String id = job.path("id").asText();
    Awaitility.await("job " + id)
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode now =
                  JSON.readTree(
                      send(
                          HttpRequest.newBuilder(training.resolve("/api/v1/jobs/" + id)),
                          token,
                          200));
              String state = now.path("state").asText();
              if (state.equals("FAILED") || state.equals("CANCELLED")) {
                throw new IllegalStateException(
                    "job " + id + " ended " + state + ": " + now.path("error"));
              }
              return state.equals("SUCCEEDED");
            });
    return work.resolve("training").resolve("jobs").resolve(id).resolve("expert");
  }

  private String send(HttpRequest.Builder request, String token, int status) throws Exception {
    HttpResponse<String> response =
        client.send(
            request.header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Tokens trained per second of the training loop, from the artifact's manifest. */
  private static double tokensPerSecond(Path artifact) {
    Map<String, Double> training = ExpertArtifact.open(artifact).manifest().training();
    return training.get("steps")
        * training.get("batchSize")
        * training.get("sequenceLength")
        / training.get("seconds");
  }

  private String report(double[] cli, double[] job) {
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = job[i] / cli[i];
    }
    double[] sortedCli = cli.clone();
    double[] sortedJob = job.clone();
    Arrays.sort(sortedCli);
    Arrays.sort(sortedJob);
    Arrays.sort(ratios);
    return String.format(
        Locale.ROOT,
        "training throughput, micro, %d steps x batch 8, %d rounds alternated%n"
            + "  flexmoe train expert (baseline)  median %.0f tok/s%n"
            + "  training-service job             median %.0f tok/s%n"
            + "  job / CLI                         median %.3f (min %.3f, max %.3f)%n",
        steps,
        rounds,
        Measure.percentile(sortedCli, 0.5),
        Measure.percentile(sortedJob, 0.5),
        Measure.percentile(ratios, 0.5),
        ratios[0],
        ratios[rounds - 1]);
  }
}
