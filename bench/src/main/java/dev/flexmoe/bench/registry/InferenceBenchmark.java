package dev.flexmoe.bench.registry;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.bench.Measure;
import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The inference service as a process of its own, serving a version of two micro experts from the
 * packaged registry on an embedded Kafka: single-client decode and prefill tokens/s against {@code
 * flexmoe generate}'s path (libs/model's Generator in this process, on the same merged model),
 * throughput with 1, 4 and 16 concurrent clients, policy change to the first response that honours
 * it, and version publication to the first response from it.
 */
@Command(
    name = "inference-benchmark",
    mixinStandardHelpOptions = true,
    description = "Completions throughput, policy enforcement and reload latency.")
public final class InferenceBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "bench-model";

  @Option(names = "--sample", description = "FlexMix-lite sample (default: ${DEFAULT-VALUE}).")
  Path sample = Path.of("data/flexmix-lite-sample");

  @Option(names = "--registry-jar", description = "The packaged registry.")
  Path registryJar = Path.of("expert-registry/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--inference-jar", description = "The packaged inference service.")
  Path inferenceJar = Path.of("inference-service/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--dev-keys", description = "The development keys.")
  Path devKeys = Path.of("expert-registry/dev-keys");

  @Option(names = "--tokens", description = "Tokens per completion (default: ${DEFAULT-VALUE}).")
  int tokens = 32;

  @Option(
      names = "--requests",
      description = "Completions per client per figure (default: ${DEFAULT-VALUE}).")
  int requests = 8;

  @Option(
      names = "--flips",
      description = "Policy changes timed to enforcement (default: ${DEFAULT-VALUE}).")
  int flips = 100;

  @Option(names = "--reloads", description = "Versions published (default: ${DEFAULT-VALUE}).")
  int reloads = 10;

  @Option(
      names = "--swaps-under-load",
      description = "Versions swapped while 8 clients complete (default: ${DEFAULT-VALUE}).")
  int swapsUnderLoad = 100;

  private final HttpClient http = HttpClient.newHttpClient();

  /** One producer for the whole run, so that a change is timed from its send, not a connect. */
  private KafkaProducer<String, byte[]> producer;

  private URI inference;
  private String tenantToken;

  public static void main(String[] args) {
    System.exit(new CommandLine(new InferenceBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("flexmoe-inference-bench");
    TrainedArtifacts trained = TrainedArtifacts.train(sample, work.resolve("trained"));
    String anchor = HfCheckpoint.digest(trained.publicModel());
    List<BenchArtifacts.Artifact> artifacts =
        List.of(
            trained.variant(0, "owner-0", work.resolve("variants")),
            trained.variant(1, "owner-1", work.resolve("variants")));
    boolean succeeded = false;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      String bootstrap = kafka.bootstrapServers();
      producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", bootstrap, "linger.ms", 0),
              new StringSerializer(),
              new ByteArraySerializer());
      try (PackagedService registry =
          PackagedService.builder("expert-registry", registryJar)
              .connections(
                  bootstrap, postgres.withCredentials(postgres.createDatabase("registry_bench")))
              .property("registry.dev-keys", devKeys.toAbsolutePath().toString())
              .property("registry.blobs.root", work.resolve("blobs").toString())
              .logDir(work)
              .start()) {
        RegistryHttp registryHttp = new RegistryHttp(registry.baseUri(), devKeys);
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("bench-operator", "operator");
        callers.put("owner-0", "owner");
        callers.put("owner-1", "owner");
        callers.put("bench-tenant", "tenant");
        registryHttp.mintTokens(callers);
        registryHttp.registerPublicModel(MODEL, anchor, trained.publicModel());
        List<String> ids = new ArrayList<>();
        for (BenchArtifacts.Artifact artifact : artifacts) {
          ids.add(registryHttp.upload(artifact));
        }
        for (String id : ids) {
          policy(id, ExpertPolicy.State.OPEN, 1);
        }
        publish(1, anchor, ids, artifacts);
        tenantToken = registryHttp.token("bench-tenant");
        try (PackagedService service =
            PackagedService.builder("inference-service", inferenceJar)
                .connections(bootstrap, "")
                .property("inference.model-name", MODEL)
                .property("flexmoe.registry.url", registry.baseUri().toString())
                .property("flexmoe.dev-keys", devKeys.toAbsolutePath().toString())
                .property("flexmoe.artifacts.cache-root", work.resolve("cache").toString())
                .property("ai.djl.offline", "true")
                .property("ai.djl.pytorch.num_threads", "1")
                .logDir(work)
                .start()) {
          inference = service.baseUri();
          StringBuilder report = new StringBuilder();
          report.append(
              throughput(trained.publicModel(), work.resolve("variants"), artifacts.size()));
          report.append(enforcement(ids.get(1)));
          report.append(reloads(anchor, ids, artifacts));
          report.append(reloadsUnderLoad(anchor, ids, artifacts, service.process().pid()));
          System.out.print(report);
        }
      }
      succeeded = true;
      return 0;
    } finally {
      if (producer != null) {
        producer.close();
      }
      if (succeeded) {
        Directories.deleteRecursively(work);
      } else {
        System.err.println("inference-benchmark: kept " + work + " (service logs)");
      }
    }
  }

  /** Single-client prefill and decode, concurrent clients, and the in-process baseline. */
  private String throughput(Path publicModel, Path variants, int experts) throws Exception {
    long[] prompt = prompt(64, 1);
    for (int i = 0; i < 3; i++) {
      complete(prompt, tokens, 0); // warm-up
    }
    double prefillSeconds =
        Measure.medianSeconds(1, requests, () -> uncheck(() -> complete(prompt(96, 2), 1, 0)));
    double generationSeconds =
        Measure.medianSeconds(1, requests, () -> uncheck(() -> complete(prompt, tokens, 0)));
    double firstTokenSeconds =
        Measure.medianSeconds(1, requests, () -> uncheck(() -> complete(prompt, 1, 0)));
    double decode = (tokens - 1) / Math.max(1e-9, generationSeconds - firstTokenSeconds);
    double baseline = generateInProcess(publicModel, variants, experts, prompt);
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "Micro preset, 2 experts at k = 2, %d-token prompts, %d tokens per completion,"
                + " greedy, one PyTorch thread.%n%n",
            prompt.length,
            tokens));
    table.append("| figure | value |\n|---|---:|\n");
    table.append(
        String.format(
            Locale.ROOT,
            "| prefill, one client (96 tokens, HTTP included) | %.0f tokens/s |%n",
            96 / prefillSeconds));
    table.append(String.format(Locale.ROOT, "| decode, one client | %.0f tokens/s |%n", decode));
    table.append(
        String.format(
            Locale.ROOT,
            "| decode, Generator in this process (flexmoe generate's path) | %.0f tokens/s |%n",
            baseline));
    table.append(
        String.format(Locale.ROOT, "| service decode vs Generator | %.2fx |%n", decode / baseline));
    double single = 0;
    for (int clients : new int[] {1, 4, 16}) {
      double perSecond = concurrent(clients, prompt);
      if (clients == 1) {
        single = perSecond;
      }
      table.append(
          String.format(
              Locale.ROOT,
              "| %d concurrent clients | %.0f tokens/s (%.2fx one client) |%n",
              clients,
              perSecond,
              perSecond / single));
    }
    return table.append('\n').toString();
  }

  /** Completion tokens per second with {@code clients} clients each sending its requests. */
  private double concurrent(int clients, long[] prompt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<Long>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        results.add(
            pool.submit(
                () -> {
                  long generated = 0;
                  for (int r = 0; r < requests; r++) {
                    generated +=
                        complete(prompt, tokens, 0)
                            .path("usage")
                            .path("completion_tokens")
                            .asLong();
                  }
                  return generated;
                }));
      }
      long total = 0;
      for (Future<Long> result : results) {
        total += result.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** Decode tokens/s of Generator on the same merged model, in this process. */
  private double generateInProcess(Path publicModel, Path variants, int experts, long[] prompt) {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, manager);
      List<ExpertWeights> weights = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < experts; i++) {
        weights.add(
            ExpertArtifact.open(variants.resolve("variant-" + i))
                .weights(publicWeights.config(), manager));
        names.add("variant-" + i);
      }
      FlexOlmoModel model =
          new FlexOlmoModel(Merger.merge(publicWeights, weights, names, 2, false, manager));
      int[] ids = Arrays.stream(prompt).mapToInt(id -> (int) id).toArray();
      Runnable first =
          () ->
              Generator.generate(model, ids, 1, Sampling.greedy(), t -> false, Forward.defaults());
      Runnable all =
          () ->
              Generator.generate(
                  model, ids, tokens, Sampling.greedy(), t -> false, Forward.defaults());
      double firstSeconds = Measure.medianSeconds(2, requests, first);
      double allSeconds = Measure.medianSeconds(2, requests, all);
      return (tokens - 1) / Math.max(1e-9, allSeconds - firstSeconds);
    }
  }

  /** Policy change to the first response that honours it: p50 and p99 over the flips. */
  private String enforcement(String expert) throws Exception {
    double[] seconds = new double[flips];
    long[] prompt = prompt(8, 3);
    for (int i = 0; i < flips; i++) {
      long revision = i + 2;
      ExpertPolicy.State state = i % 2 == 0 ? ExpertPolicy.State.OFF : ExpertPolicy.State.OPEN;
      long start = System.nanoTime();
      policy(expert, state, revision);
      while (true) {
        JsonNode response = complete(prompt, 1, 0);
        JsonNode flexmoe = response.path("flexmoe");
        if (flexmoe.path("policy_revision").path(expert).asLong() >= revision) {
          boolean used = false;
          for (JsonNode name : flexmoe.path("experts_used")) {
            used |= name.asText().equals(expert);
          }
          if (used != (state == ExpertPolicy.State.OPEN)) {
            throw new IllegalStateException(
                "revision " + revision + " (" + state + ") not honoured: " + flexmoe);
          }
          break;
        }
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return String.format(
        Locale.ROOT,
        "Policy change published → first response honouring it, %d changes: p50 %.1f ms,"
            + " p99 %.1f ms (every response's experts_used agreed with the revision it"
            + " reported).%n%n",
        flips,
        1000 * Measure.percentile(seconds, 0.5),
        1000 * Measure.percentile(seconds, 0.99));
  }

  /** Version published → first response from it. */
  private String reloads(String anchor, List<String> ids, List<BenchArtifacts.Artifact> artifacts)
      throws Exception {
    double[] seconds = new double[reloads];
    long[] prompt = prompt(8, 4);
    for (int i = 0; i < reloads; i++) {
      long version = i + 2;
      long start = System.nanoTime();
      publish(version, anchor, ids, artifacts);
      awaitServed(version, prompt);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return String.format(
        Locale.ROOT,
        "Version published → first response from it (experts reused by digest), %d versions:"
            + " p50 %.0f ms, p99 %.0f ms.%n",
        reloads,
        1000 * Measure.percentile(seconds, 0.5),
        1000 * Measure.percentile(seconds, 0.99));
  }

  /**
   * Versions swapped while 8 clients keep completing: failed requests (none expected), versions
   * seen that were never published, and the service's resident memory after 10 and after all the
   * swaps (the old versions' native memory must be freed).
   */
  private String reloadsUnderLoad(
      String anchor, List<String> ids, List<BenchArtifacts.Artifact> artifacts, long pid)
      throws Exception {
    long first = 2 + reloads;
    java.util.concurrent.atomic.AtomicBoolean loading =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int c = 0; c < 8; c++) {
      long[] prompt = prompt(16, 10 + c);
      clients.submit(
          () -> {
            while (loading.get()) {
              try {
                seen.add(complete(prompt, 4, 0).path("flexmoe").path("model_version").asLong());
                served.incrementAndGet();
              } catch (Exception e) {
                failures.incrementAndGet();
              }
            }
          });
    }
    long rssAfterTen = 0;
    long last = first + swapsUnderLoad - 1;
    for (long version = first; version <= last; version++) {
      publish(version, anchor, ids, artifacts);
      awaitServed(version, prompt(8, 4));
      if (version == first + 9) {
        rssAfterTen = residentKib(pid);
      }
    }
    loading.set(false);
    clients.shutdown();
    clients.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    long rssAtEnd = residentKib(pid);
    long unpublished = seen.stream().filter(v -> v > last).count();
    return String.format(
        Locale.ROOT,
        "%nHot reload under load: %d versions swapped while 8 clients completed %d requests:"
            + " %d failed, %d answered by a version never published; the service's resident"
            + " memory %d MiB after 10 swaps, %d MiB after %d (%.1f%%).%n",
        swapsUnderLoad,
        served.get(),
        failures.get(),
        unpublished,
        rssAfterTen / 1024,
        rssAtEnd / 1024,
        swapsUnderLoad,
        100.0 * (rssAtEnd - rssAfterTen) / rssAfterTen);
  }

  /** Completes {@code prompt} until a response comes from {@code version}: each try is the wait. */
  private void awaitServed(long version, long[] prompt) throws Exception {
    while (complete(prompt, 1, 0).path("flexmoe").path("model_version").asLong() < version) {
      // asked again at once: the first answer from the new version is what is timed
    }
  }

  /** VmRSS of a process, from /proc. */
  private static long residentKib(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid);
  }

  private JsonNode complete(long[] prompt, int maxTokens, double temperature) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("prompt", prompt, "max_tokens", maxTokens, "temperature", temperature));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(inference.resolve("/v1/completions"))
                .header("Authorization", "Bearer " + tenantToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "completion answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private void policy(String expert, ExpertPolicy.State state, long revision) {
    send(
        TopicCatalog.EXPERT_POLICIES.name(),
        expert,
        CloudEventCodec.encode(
            CloudEvent.of(
                "/flexmoe/policy-service",
                new ExpertPolicy(expert, state, List.of(), List.of(), null, revision))));
  }

  private void publish(
      long version, String anchor, List<String> ids, List<BenchArtifacts.Artifact> artifacts)
      throws Exception {
    List<ModelVersionPublished.Expert> experts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String digest =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(artifacts.get(i).tensors()));
      experts.add(new ModelVersionPublished.Expert(ids.get(i), digest, i + 1));
    }
    send(
        TopicCatalog.MODEL_VERSIONS.name(),
        MODEL,
        CloudEventCodec.encode(
            CloudEvent.of(
                "/flexmoe/merge-service",
                new ModelVersionPublished(MODEL, version, anchor, experts, 2, null))));
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic, e);
    }
  }

  private static long[] prompt(int length, long seed) {
    Random random = new Random(seed);
    long[] ids = new long[length];
    for (int i = 0; i < length; i++) {
      ids[i] = 1 + random.nextInt(300);
    }
    return ids;
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void uncheck(Call call) {
    try {
      call.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
