package dev.flexmoe.inference.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.inference.service.Policies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the compacted policy and tenant changelogs into the policy table, from their start, as a
 * table rather than a stream: every replica reads all partitions itself (no consumer group, no
 * committed offsets) and, after each poll, compares its position with the end offsets. Being at the
 * end renews the policy lease; a broker out of reach lets it lapse. A plain Kafka consumer, because
 * the messaging channels hide the positions and end offsets this needs.
 */
@ApplicationScoped
public class ChangelogReader {

  private static final Logger LOG = Logger.getLogger(ChangelogReader.class);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject Policies policies;

  @Inject MeterRegistry metrics;

  private volatile boolean running = true;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;
  private Counter unreadable;

  void start(@Observes StartupEvent startup) {
    unreadable = metrics.counter("inference.changelog.unreadable");
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "policy-changelog");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = null;
      while (running) {
        try {
          if (partitions == null) {
            partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
          }
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            apply(record);
          }
          if (atEnd(partitions)) {
            policies.lease().confirm();
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          // the broker may be away: the lease lapses, and reading resumes when it is back
          LOG.debugf("changelog read failed, retrying: %s", e.getMessage());
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private List<TopicPartition> partitions() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(TopicCatalog.EXPERT_POLICIES.name(), TopicCatalog.TENANTS.name())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist yet");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    return partitions;
  }

  private boolean atEnd(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(2));
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition, Duration.ofSeconds(2)) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    boolean policy = record.topic().equals(TopicCatalog.EXPERT_POLICIES.name());
    if (record.value() == null) {
      if (policy) {
        policies.book().policy(record.key(), null);
      } else {
        policies.book().tenant(record.key(), null);
      }
      return;
    }
    try {
      CloudEvent<?> event = CloudEventCodec.decode(record.value());
      if (policy && event.data() instanceof ExpertPolicy expertPolicy) {
        policies.book().policy(expertPolicy.expertId(), expertPolicy);
      } else if (!policy && event.data() instanceof TenantGrants grants) {
        policies.book().tenant(grants.tenantId(), grants);
      } else {
        throw new IllegalArgumentException(
            "a " + event.eventType() + " event on " + record.topic());
      }
    } catch (RuntimeException e) {
      // A record that cannot be read changes nothing: the expert keeps its last readable policy.
      unreadable.increment();
      LOG.warnf(
          "unreadable record %s-%d@%d skipped: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }
}
