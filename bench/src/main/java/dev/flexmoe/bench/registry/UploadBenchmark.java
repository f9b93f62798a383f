package dev.flexmoe.bench.registry;

import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Concurrent expert uploads against the packaged expert registry, run as its own process on an
 * embedded Kafka and PostgreSQL: an operator uploads a public model's files, then N distinct
 * experts come from C clients, then a check that every one was stored and announced on {@code
 * flexmoe.experts.v1}. The baseline, measured in the same run on the same file system, is the raw
 * speed of writing the same bytes as files (each forced to disk) with the same concurrency. Prints
 * a Markdown report.
 */
@Command(
    name = "upload-benchmark",
    mixinStandardHelpOptions = true,
    description = "Benchmarks concurrent expert uploads to the registry; prints a Markdown report.")
public final class UploadBenchmark implements Callable<Integer> {

  /** config.json, model.safetensors and tokenizer.json, stored once before the uploads. */
  private static final int PUBLIC_MODEL_FILES = 3;

  @Option(
      names = "--uploads",
      description = "Distinct experts uploaded (default: ${DEFAULT-VALUE}).")
  int uploads = 48;

  @Option(names = "--concurrency", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Option(
      names = "--preset",
      description = "Model preset the experts fit: micro or tiny (default: ${DEFAULT-VALUE}).")
  String preset = "tiny";

  @Option(
      names = "--registry-jar",
      description = "The packaged registry (default: ${DEFAULT-VALUE}).")
  Path registryJar = Path.of("expert-registry/target/quarkus-app/quarkus-run.jar");

  @Option(
      names = "--dev-keys",
      description = "The registry's development keys (default: ${DEFAULT-VALUE}).")
  Path devKeys = Path.of("expert-registry/dev-keys");

  public static void main(String[] args) {
    System.exit(new CommandLine(new UploadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(registryJar)) {
      System.err.println(
          "upload-benchmark: no registry at "
              + registryJar
              + "; build it with ./mvnw -pl expert-registry -am package");
      return 2;
    }
    FlexOlmoConfig config = FlexOlmoConfig.preset(preset, 4096);
    Path work = Files.createTempDirectory("flexmoe-upload-bench");
    List<BenchArtifacts.Artifact> artifacts = new ArrayList<>();
    Path publicModel = work.resolve("public-model");
    String anchor = BenchArtifacts.publicModel(config, publicModel);
    for (int i = 0; i < uploads; i++) {
      artifacts.add(BenchArtifacts.expert(config, anchor, "owner-" + (i % concurrency), i));
    }
    long bytesPerExpert = artifacts.get(0).tensors().length;

    double diskSeconds =
        DiskBaseline.writeSeconds(work.resolve("disk-baseline"), artifacts, concurrency);
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("bench-operator", "operator");
    callers.put("owner-warmup", "owner");
    artifacts.forEach(artifact -> callers.put(artifact.owner(), "owner"));

    Process registry = null;
    boolean succeeded = false;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String database =
          postgres.createDatabase("upload_bench_" + Long.toHexString(System.nanoTime()));
      int port = freePort();
      RegistryHttp http = new RegistryHttp(URI.create("http://127.0.0.1:" + port), devKeys);
      http.mintTokens(callers);
      registry =
          ServiceProcesses.registry(
              work,
              registryJar,
              devKeys,
              kafka.bootstrapServers(),
              postgres.withCredentials(database),
              port);
      http.awaitReady(registry);
      http.registerPublicModel("bench-public", anchor, publicModel);

      // Warm-up: one upload outside the measurement (JIT, connection pools).
      BenchArtifacts.Artifact warmup = BenchArtifacts.expert(config, anchor, "owner-warmup", -1);
      http.upload(warmup);

      long start = System.nanoTime();
      ExecutorService clients = Executors.newFixedThreadPool(concurrency);
      List<Future<String>> ids = new ArrayList<>();
      for (BenchArtifacts.Artifact artifact : artifacts) {
        ids.add(clients.submit(() -> http.upload(artifact)));
      }
      Set<String> registered = new HashSet<>();
      for (Future<String> id : ids) {
        registered.add(id.get());
      }
      double uploadSeconds = (System.nanoTime() - start) / 1e9;
      clients.shutdown();

      Set<String> evented =
          awaitEvents(kafka.bootstrapServers(), registered, Duration.ofSeconds(60));
      // besides the experts': the warm-up's and the public model's files
      long blobs = countFiles(work.resolve("blobs/sha256")) - 1 - PUBLIC_MODEL_FILES;
      double totalMb = uploads * bytesPerExpert / 1e6;
      System.out.println(
          report(
              uploadSeconds,
              diskSeconds,
              totalMb,
              bytesPerExpert,
              registered.size(),
              evented.size(),
              blobs));
      boolean complete =
          registered.size() == uploads && evented.size() == uploads && blobs == uploads;
      succeeded = complete;
      return complete ? 0 : 1;
    } finally {
      if (registry != null) {
        registry.destroy();
        registry.waitFor();
      }
      if (succeeded) {
        Directories.deleteRecursively(work);
      } else {
        System.err.println("upload-benchmark: kept " + work + " (registry.log) for inspection");
      }
    }
  }

  private String report(
      double uploadSeconds,
      double diskSeconds,
      double totalMb,
      long bytesPerExpert,
      int registered,
      int evented,
      long blobs) {
    return String.format(
        Locale.ROOT,
        """
        ## Expert registry: concurrent uploads

        %d distinct %s experts of %.2f MB each, %d concurrent clients; registry, Kafka and
        PostgreSQL on this machine.

        | what | seconds | uploads/s | MB/s | vs raw disk |
        |:---|---:|---:|---:|---:|
        | raw disk: write + fsync the same bytes | %.2f | %.1f | %.1f | 1.00x |
        | registry: upload, validate, store, commit, event | %.2f | %.1f | %.1f | %.2fx |

        Registered %d of %d, announced on %s: %d, expert blobs stored: %d (besides the warm-up's).
        """,
        uploads,
        preset,
        bytesPerExpert / 1e6,
        concurrency,
        diskSeconds,
        uploads / diskSeconds,
        totalMb / diskSeconds,
        uploadSeconds,
        uploads / uploadSeconds,
        totalMb / uploadSeconds,
        diskSeconds / uploadSeconds,
        registered,
        uploads,
        TopicCatalog.EXPERTS.name(),
        evented,
        blobs);
  }

  /** The ids of {@code expected} experts whose ExpertRegistered event arrived in time. */
  private static Set<String> awaitEvents(String bootstrap, Set<String> expected, Duration timeout) {
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "upload-bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TopicCatalog.EXPERTS.name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && !seen.containsAll(expected)) {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> seen.add(record.key()));
      }
    }
    seen.retainAll(expected);
    return seen;
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
