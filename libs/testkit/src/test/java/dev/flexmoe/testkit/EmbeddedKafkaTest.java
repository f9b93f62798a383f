package dev.flexmoe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventDeserializer;
import dev.flexmoe.events.CloudEventSerializer;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.Topic;
import dev.flexmoe.events.TopicCatalog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.metadata.storage.Formatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  private static final String SOURCE = "/flexmoe/testkit-test";

  /** One broker for the tests that do not stop it; the cleaner runs often for compaction. */
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().config("log.cleaner.backoff.ms", "200").start();
    kafka.createCatalogTopics();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static KafkaProducer<String, CloudEvent<?>> producer(EmbeddedKafka broker) {
    Map<String, Object> config = new HashMap<>(broker.clientConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new StringSerializer(), new CloudEventSerializer());
  }

  private static List<ConsumerRecord<String, CloudEvent<?>>> readAll(
      EmbeddedKafka broker, String topic) {
    Map<String, Object> config = new HashMap<>(broker.clientConfig());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, CloudEvent<?>> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, CloudEvent<?>>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static CloudEvent<ExpertWithdrawn> withdrawn(String expertId, String reason) {
    return CloudEvent.of(SOURCE, new ExpertWithdrawn(expertId, "owner-1", reason));
  }

  private static CloudEvent<ExpertPolicy> policy(String expertId, long revision) {
    return CloudEvent.of(
        SOURCE, new ExpertPolicy(expertId, ExpertPolicy.State.OPEN, null, null, null, revision));
  }

  @Test
  void catalogTopicsExistWithTheirCleanupPolicyAndPartitions() throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      List<ConfigResource> resources =
          TopicCatalog.all().stream()
              .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
              .toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      var descriptions =
          admin
              .describeTopics(TopicCatalog.all().stream().map(Topic::name).toList())
              .allTopicNames()
              .get();

      for (Topic topic : TopicCatalog.all()) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
        assertThat(config.get("cleanup.policy").value())
            .as(topic.name())
            .isEqualTo(topic.cleanupPolicy().configValue());
        assertThat(descriptions.get(topic.name()).partitions()).hasSize(topic.partitions());
      }
    }
  }

  @Test
  void producedEventsAreConsumedByKeyInOrder() throws Exception {
    String topic = TopicCatalog.EXPERTS.name();
    List<CloudEvent<?>> sent =
        List.of(withdrawn("exp-order", "first"), withdrawn("exp-order", "second"));
    try (KafkaProducer<String, CloudEvent<?>> producer = producer(kafka)) {
      for (CloudEvent<?> event : sent) {
        producer.send(new ProducerRecord<>(topic, event.subject(), event)).get();
      }
    }

    List<CloudEvent<?>> received =
        readAll(kafka, topic).stream()
            .filter(record -> "exp-order".equals(record.key()))
            .<CloudEvent<?>>map(ConsumerRecord::value)
            .toList();

    assertThat(received).containsExactlyElementsOf(sent);
  }

  @Test
  void compactionKeepsOnlyTheLatestVersionPerKeyAndDropsTombstones() throws Exception {
    Topic topic = TopicCatalog.EXPERT_POLICIES;
    makeCompactionEager(topic.name());
    int keys = 5;
    int versions = 40;
    try (KafkaProducer<String, CloudEvent<?>> producer = producer(kafka)) {
      for (int version = 1; version <= versions; version++) {
        for (int key = 0; key < keys; key++) {
          CloudEvent<?> event = policy("exp-compact-" + key, version);
          producer.send(new ProducerRecord<>(topic.name(), event.subject(), event));
        }
      }
      producer.send(new ProducerRecord<>(topic.name(), "exp-compact-0", null)).get();
    }
    int produced = keys * versions + 1;

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              rollActiveSegments(topic); // the cleaner never touches a partition's active segment
              List<ConsumerRecord<String, CloudEvent<?>>> records =
                  readAll(kafka, topic.name()).stream()
                      .filter(record -> record.key().startsWith("exp-compact-"))
                      .toList();
              Map<String, CloudEvent<?>> latest = new HashMap<>();
              records.forEach(record -> latest.put(record.key(), record.value()));

              assertThat(records.size()).isLessThan(produced / 4);
              assertThat(latest).doesNotContainKey("exp-compact-0");
              for (int key = 1; key < keys; key++) {
                assertThat(((ExpertPolicy) latest.get("exp-compact-" + key).data()).revision())
                    .isEqualTo((long) versions);
              }
            });
  }

  private static void makeCompactionEager(String topic) throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Collection<AlterConfigOp> ops =
          Stream.of(
                  new ConfigEntry("segment.ms", "100"),
                  new ConfigEntry("min.cleanable.dirty.ratio", "0.01"),
                  new ConfigEntry("delete.retention.ms", "100"),
                  new ConfigEntry("min.compaction.lag.ms", "0"))
              .map(entry -> new AlterConfigOp(entry, AlterConfigOp.OpType.SET))
              .toList();
      admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
    }
  }

  /** One filler record per partition: with segment.ms elapsed, it starts a new segment. */
  private static void rollActiveSegments(Topic topic) throws Exception {
    try (KafkaProducer<String, CloudEvent<?>> producer = producer(kafka)) {
      for (int partition = 0; partition < topic.partitions(); partition++) {
        CloudEvent<?> filler = policy("filler-" + partition, 0);
        producer
            .send(new ProducerRecord<>(topic.name(), partition, filler.subject(), filler))
            .get();
      }
    }
  }

  @Test
  void restartOnTheSameLogDirKeepsCommittedRecords() throws Exception {
    try (EmbeddedKafka own = EmbeddedKafka.builder().start()) {
      own.createCatalogTopics();
      String topic = TopicCatalog.EXPERTS.name();
      List<CloudEvent<?>> sent = new ArrayList<>();
      try (KafkaProducer<String, CloudEvent<?>> producer = producer(own)) {
        for (int i = 0; i < 20; i++) {
          CloudEvent<?> event = withdrawn("exp-" + i, "before restart");
          producer.send(new ProducerRecord<>(topic, event.subject(), event)).get();
          sent.add(event);
        }
      }
      String bootstrap = own.bootstrapServers();

      own.restart();

      assertThat(own.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(readAll(own, topic).stream().map(ConsumerRecord::value).toList())
          .containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void closeRemovesTheTemporaryLogDir() {
    EmbeddedKafka own = EmbeddedKafka.builder().start();
    Path logDir = own.logDir();
    assertThat(logDir).exists();

    own.close();

    assertThat(own.isRunning()).isFalse();
    assertThat(logDir).doesNotExist();
  }

  @Test
  void aFailedStartLeavesNoTempDirAndSaysWhy(@TempDir Path tempRoot) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafka.builder().brokerPort(port).tempRoot(tempRoot).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + port);
    }
    try (Stream<Path> left = Files.list(tempRoot)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void brokerJarsAreTheClientsVersion() {
    String clientVersion = AppInfoParser.getVersion();

    for (Class<?> brokerClass : List.of(KafkaRaftServer.class, Formatter.class)) {
      String jar = brokerClass.getProtectionDomain().getCodeSource().getLocation().getPath();
      assertThat(jar).as(brokerClass.getName()).endsWith("-" + clientVersion + ".jar");
    }
  }
}
