package dev.flexmoe.bench.registry;

import dev.flexmoe.bench.Measure;
import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.testkit.Directories;
import dev.flexmoe.testkit.EmbeddedKafka;
import dev.flexmoe.testkit.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * License change to snapshot on the topic: the packaged policy service as a process of its own on
 * an embedded Kafka and PostgreSQL; owners change their experts' licenses concurrently, and each
 * change is timed from the start of its PUT until its revision arrives on {@code
 * flexmoe.expert-policies.v1}. The baseline, in the same run, is the PUT's own round trip.
 */
@Command(
    name = "policy-benchmark",
    mixinStandardHelpOptions = true,
    description = "License change to published snapshot, with concurrent owners.")
public final class PolicyLatencyBenchmark implements Callable<Integer> {

  @Option(names = "--changes", description = "License changes (default: ${DEFAULT-VALUE}).")
  int changes = 500;

  @Option(names = "--owners", description = "Concurrent owners (default: ${DEFAULT-VALUE}).")
  int owners = 8;

  @Option(names = "--policy-jar", description = "The packaged policy service.")
  Path policyJar = Path.of("policy-service/target/quarkus-app/quarkus-run.jar");

  @Option(names = "--dev-keys", description = "The development keys.")
  Path devKeys = Path.of("expert-registry/dev-keys");

  @Option(
      names = "--warmup",
      description = "Unmeasured changes per owner first (default: ${DEFAULT-VALUE}).")
  int warmup = 100;

  /** When each expert@revision arrived on the topic, completed by the watcher. */
  private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new PolicyLatencyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("flexmoe-policy-bench");
    Process service = null;
    boolean succeeded = false;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      kafka.createCatalogTopics();
      int port = UploadBenchmark.freePort();
      URI base = URI.create("http://127.0.0.1:" + port);
      service =
          ServiceProcesses.policy(
              work,
              policyJar,
              devKeys,
              kafka.bootstrapServers(),
              postgres.withCredentials(postgres.createDatabase("policy_bench")),
              port);
      RegistryHttp http = new RegistryHttp(base, devKeys);
      Map<String, String> callers = new LinkedHashMap<>();
      for (int i = 0; i < owners; i++) {
        callers.put("owner-" + i, "owner");
      }
      http.mintTokens(callers);
      http.awaitReady(service);
      List<String> experts = registerExperts(kafka.bootstrapServers(), base, http);
      TopicWatcher watcher =
          TopicWatcher.start(
              kafka.bootstrapServers(),
              TopicCatalog.EXPERT_POLICIES.name(),
              Duration.ofMillis(5),
              (record, now) -> {
                ExpertPolicy policy = (ExpertPolicy) CloudEventCodec.decode(record.value()).data();
                arrival(policy.expertId() + "@" + policy.revision()).complete(now);
              });

      HttpClient client = HttpClient.newHttpClient();
      ExecutorService pool = Executors.newFixedThreadPool(owners);
      List<Future<double[][]>> results = new ArrayList<>();
      int perOwner = changes / owners;
      for (int i = 0; i < owners; i++) {
        String owner = "owner-" + i;
        String expert = experts.get(i);
        String token = http.token(owner);
        results.add(
            pool.submit(
                () -> {
                  change(client, base, token, expert, 0, warmup);
                  return change(client, base, token, expert, warmup, perOwner);
                }));
      }
      List<Double> latencies = new ArrayList<>();
      List<Double> roundTrips = new ArrayList<>();
      for (Future<double[][]> result : results) {
        for (double[] sample : result.get()) {
          roundTrips.add(sample[0]);
          latencies.add(sample[1]);
        }
      }
      pool.shutdown();
      watcher.close();
      System.out.println(report(sorted(roundTrips), sorted(latencies)));
      succeeded = true;
      return 0;
    } finally {
      if (service != null) {
        service.destroy();
        service.waitFor();
      }
      if (succeeded) {
        Directories.deleteRecursively(work);
      } else {
        System.err.println("policy-benchmark: kept " + work + " (policy.log)");
      }
    }
  }

  /**
   * {@code count} changes of one expert's license, after {@code done} earlier ones; per change: PUT
   * seconds, to-topic seconds.
   */
  private double[][] change(
      HttpClient client, URI base, String token, String expert, int done, int count)
      throws Exception {
    double[][] samples = new double[count][];
    for (int n = 0; n < count; n++) {
      int i = done + n;
      String state = i % 2 == 0 ? "OPEN" : "OFF";
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/experts/" + expert + "/license"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT answered " + response.statusCode() + ": " + response.body());
      }
      long arrived = arrival(expert + "@" + (i + 1)).get(30, TimeUnit.SECONDS);
      samples[n] = new double[] {(answered - start) / 1e9, (arrived - start) / 1e9};
    }
    return samples;
  }

  /** Announces one expert per owner as the registry would, and waits until the service knows it. */
  private List<String> registerExperts(String bootstrap, URI base, RegistryHttp http)
      throws Exception {
    List<String> experts = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < owners; i++) {
        String id = UUID.randomUUID().toString();
        String digest = String.format(Locale.ROOT, "%064x", i + 1);
        CloudEvent<ExpertRegistered> event =
            CloudEvent.of(
                "/flexmoe/expert-registry",
                new ExpertRegistered(id, "owner-" + i, "news", digest, "ab".repeat(32), 1L, 1));
        producer
            .send(
                new ProducerRecord<>(
                    TopicCatalog.EXPERTS.name(), id, CloudEventCodec.encode(event)))
            .get();
        experts.add(id);
      }
    }
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < owners; i++) {
      HttpRequest license =
          HttpRequest.newBuilder(base.resolve("/api/v1/experts/" + experts.get(i) + "/license"))
              .header("Authorization", "Bearer " + http.token("owner-" + i))
              .build();
      Awaitility.await("expert " + experts.get(i) + " registered")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  client.send(license, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
    return experts;
  }

  private CompletableFuture<Long> arrival(String key) {
    return arrivals.computeIfAbsent(key, ignored -> new CompletableFuture<>());
  }

  private static double[] sorted(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }

  private String report(double[] roundTrips, double[] latencies) {
    double putP50 = Measure.percentile(roundTrips, 0.50);
    double putP99 = Measure.percentile(roundTrips, 0.99);
    double p50 = Measure.percentile(latencies, 0.50);
    double p99 = Measure.percentile(latencies, 0.99);
    return String.format(
        Locale.ROOT,
        """
        ## Policy service: license change to snapshot on the topic

        %d changes from %d concurrent owners (one expert each, OPEN and OFF in turn, each owner
        waiting for its change on the topic before the next), after %d unmeasured per owner;
        policy service, Kafka and PostgreSQL on this machine.

        | what | p50 ms | p99 ms | max ms | p50 vs PUT |
        |:---|---:|---:|---:|---:|
        | PUT round trip (baseline) | %.1f | %.1f | %.1f | 1.00x |
        | PUT start → snapshot on flexmoe.expert-policies.v1 | %.1f | %.1f | %.1f | %.2fx |
        """,
        latencies.length,
        owners,
        warmup,
        putP50 * 1e3,
        putP99 * 1e3,
        roundTrips[roundTrips.length - 1] * 1e3,
        p50 * 1e3,
        p99 * 1e3,
        latencies[latencies.length - 1] * 1e3,
        p50 / putP50);
  }
}
