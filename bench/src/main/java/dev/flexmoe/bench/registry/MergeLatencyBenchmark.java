package dev.flexmoe.bench.registry;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.bench.Measure;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.validation.AnchorModel;
import dev.flexmoe.model.validation.ExpertValidator;
import dev.flexmoe.model.validation.ProbeText;
import dev.flexmoe.model.validation.Submission;
import dev.flexmoe.model.validation.ValidationReport;
import dev.flexmoe.model.validation.ValidationSettings;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Registration to published version, end to end: the packaged registry and merge service as
 * processes of their own on an embedded Kafka and PostgreSQL; experts are uploaded one at a time
 * and each is timed from the start of its upload until a {@code ModelVersionPublished} holding it
 * arrives. The baseline, in the same run on the same inputs, is validating the expert in this
 * process: the one step of the chain that is arithmetic rather than waiting.
 */
@Command(
    name = "merge-benchmark",
    mixinStandardHelpOptions = true,
    description = "Registration-to-published latency through registry and merge service.")
public final class MergeLatencyBenchmark implements Callable<Integer> {

  @Option(names = "--uploads", description = "Experts uploaded (default: ${DEFAULT-VALUE}).")
  int uploads = 20;

  @Option(names = "--sample", description = "FlexMix-lite sample (default: ${DEFAULT-VALUE}).")
  Path sample = Path.of("data/flexmix-lite-sample");

  @Option(names = "--registry-jar", description = "The packaged registry.")
  Path registryJar = Path.of("expert-registry/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--merge-jar", description = "The packaged merge service.")
  Path mergeJar = Path.of("merge-service/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--dev-keys", description = "The development keys.")
  Path devKeys = Path.of("expert-registry/dev-keys");

  /** When each expert first appeared in a published version, completed by the watcher. */
  private final Map<String, CompletableFuture<Long>> publishedAtNanos = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new MergeLatencyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("flexmoe-merge-bench");
    Path probe = sample.resolve("public/validation.jsonl.gz");
    TrainedArtifacts trained = TrainedArtifacts.train(sample, work.resolve("trained"));
    String anchor = HfCheckpoint.digest(trained.publicModel());
    List<BenchArtifacts.Artifact> artifacts = new ArrayList<>();
    for (int i = 0; i <= uploads; i++) {
      artifacts.add(trained.variant(i, "owner-" + i, work.resolve("variants")));
    }
    double[] validation = validationSeconds(trained, anchor, probe, 5);

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
      int mergePort = UploadBenchmark.freePort();
      services.add(
          ServiceProcesses.merge(
              work,
              mergeJar,
              devKeys,
              probe,
              registry,
              kafka.bootstrapServers(),
              postgres.withCredentials(postgres.createDatabase("merge_bench")),
              mergePort));
      RegistryHttp http = new RegistryHttp(registry, devKeys);
      Map<String, String> callers = new LinkedHashMap<>();
      callers.put("bench-operator", "operator");
      artifacts.forEach(artifact -> callers.put(artifact.owner(), "owner"));
      http.mintTokens(callers);
      http.awaitReady(services.get(0));
      PackagedService.awaitReady(
          URI.create("http://127.0.0.1:" + mergePort + "/q/health/ready"),
          services.get(1),
          "the merge service");
      http.registerPublicModel("bench-public", anchor, trained.publicModel());
      TopicWatcher watcher =
          TopicWatcher.start(
              kafka.bootstrapServers(),
              TopicCatalog.MODEL_VERSIONS.name(),
              Duration.ofMillis(20),
              (record, now) ->
                  ((ModelVersionPublished) CloudEventCodec.decode(record.value()).data())
                      .experts()
                      .forEach(expert -> published(expert.expertId()).complete(now)));

      // Warm-up: the first upload loads the anchor and tokenizes the probe (JIT, caches).
      timeToPublished(http, artifacts.get(0));
      double[] latencies = new double[uploads];
      for (int i = 0; i < uploads; i++) {
        latencies[i] = timeToPublished(http, artifacts.get(i + 1));
      }
      watcher.close();
      System.out.println(report(latencies, validation));
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
        System.err.println("merge-benchmark: kept " + work + " (registry.log, merge.log)");
      }
    }
  }

  /** Seconds from the start of the upload until a published version holds the expert. */
  private double timeToPublished(RegistryHttp http, BenchArtifacts.Artifact artifact)
      throws Exception {
    long start = System.nanoTime();
    String id = http.upload(artifact);
    return (published(id).get(120, TimeUnit.SECONDS) - start) / 1e9;
  }

  private CompletableFuture<Long> published(String expertId) {
    return publishedAtNanos.computeIfAbsent(expertId, ignored -> new CompletableFuture<>());
  }

  private static double[] validationSeconds(
      TrainedArtifacts trained, String anchor, Path probePath, int runs) throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer =
            FlexTokenizer.load(trained.publicModel().resolve(HfCheckpoint.TOKENIZER))) {
      AnchorModel model =
          new AnchorModel(HfCheckpoint.read(trained.publicModel(), manager), anchor);
      TokenizedCorpus corpus = TokenizedCorpus.of(Corpus.read(probePath), tokenizer);
      ProbeText probe = new ProbeText(corpus.documents(), corpus.endOfDocument());
      Submission submission = Submission.fromDirectory(trained.expert(), List.of());
      String digest = ExpertArtifact.open(trained.expert()).digest();
      ExpertValidator validator = new ExpertValidator(ValidationSettings.defaults());
      return Measure.sortedSeconds(
          1,
          runs,
          () -> {
            ValidationReport report = validator.validate(model, submission, digest, probe);
            if (!report.passed()) {
              throw new IllegalStateException("the trained expert fails validation: " + report);
            }
          });
    }
  }

  private String report(double[] latencies, double[] validation) {
    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double p50 = Measure.percentile(sorted, 0.50);
    double p99 = Measure.percentile(sorted, 0.99);
    double validationP50 = Measure.percentile(validation, 0.50);
    return String.format(
        Locale.ROOT,
        """
        ## Merge service: registration to published version

        %d micro experts uploaded one at a time (after one warm-up); registry, merge service, Kafka
        and PostgreSQL on this machine; the merge service's defaults (debounce 2 s, probe 16384+
        tokens of the sample's public validation text).

        | what | p50 s | p99 s | max s | vs validation alone |
        |:---|---:|---:|---:|---:|
        | validation in-process (baseline) | %.3f | | | 1.00x |
        | upload → ModelVersionPublished holding it | %.3f | %.3f | %.3f | %.2fx |
        """,
        uploads,
        validationP50,
        p50,
        p99,
        sorted[sorted.length - 1],
        p50 / validationP50);
  }
}
