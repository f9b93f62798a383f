package dev.flexmoe.bench.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start on a thread of its own and hands each record, with the time it
 * arrived ({@link System#nanoTime}), to a callback: how the latency benchmarks see an event land.
 */
final class TopicWatcher implements AutoCloseable {

  private final Thread thread;
  private volatile boolean watching = true;

  private TopicWatcher(
      String bootstrap,
      String topic,
      Duration poll,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
    thread =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> consumer =
                  new KafkaConsumer<>(
                      Map.of(
                          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                          bootstrap,
                          ConsumerConfig.GROUP_ID_CONFIG,
                          "bench-watcher-" + UUID.randomUUID(),
                          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                          "earliest"),
                      new StringDeserializer(),
                      new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (watching) {
                  consumer.poll(poll).forEach(record -> onRecord.accept(record, System.nanoTime()));
                }
              }
            },
            "watcher-" + topic);
    thread.setDaemon(true);
  }

  static TopicWatcher start(
      String bootstrap,
      String topic,
      Duration poll,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
    TopicWatcher watcher = new TopicWatcher(bootstrap, topic, poll, onRecord);
    watcher.thread.start();
    return watcher;
  }

  @Override
  public void close() throws InterruptedException {
    watching = false;
    thread.join();
  }
}
