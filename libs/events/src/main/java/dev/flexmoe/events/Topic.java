package dev.flexmoe.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka topic of the catalog.
 *
 * @param name the topic name
 * @param key what the record key holds
 * @param partitions partition count; the key decides the partition, so order holds per key
 * @param cleanupPolicy delete old segments, or keep the latest record per key
 * @param configs topic-level configs, {@code cleanup.policy} included
 */
public record Topic(
    String name,
    String key,
    int partitions,
    CleanupPolicy cleanupPolicy,
    Map<String, String> configs) {

  /** Kafka's {@code cleanup.policy}. */
  public enum CleanupPolicy {
    DELETE,
    COMPACT;

    /** The value Kafka's {@code cleanup.policy} config takes. */
    public String configValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Topic {
    configs = Map.copyOf(configs);
    if (!cleanupPolicy.configValue().equals(configs.get("cleanup.policy"))) {
      throw new IllegalArgumentException(name + ": configs must carry the cleanup policy");
    }
  }

  static Topic of(
      String name, String key, int partitions, CleanupPolicy policy, Map<String, String> extra) {
    Map<String, String> configs = new LinkedHashMap<>(extra);
    configs.put("cleanup.policy", policy.configValue());
    return new Topic(name, key, partitions, policy, configs);
  }

  /** Whether a null value (a tombstone) is a legal record here: only on compacted topics. */
  public boolean allowsTombstones() {
    return cleanupPolicy == CleanupPolicy.COMPACT;
  }
}
