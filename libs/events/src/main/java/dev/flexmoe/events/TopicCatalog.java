package dev.flexmoe.events;

import dev.flexmoe.events.Topic.CleanupPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every topic of flexmoe (docs/architecture.md, "Topics"), with its key and cleanup policy. */
public final class TopicCatalog {

  private static final String THIRTY_DAYS = Long.toString(Duration.ofDays(30).toMillis());
  // A deleted policy's tombstone must outlive the slowest consumer's restart, or that consumer
  // keeps serving a policy that no longer exists.
  private static final String ONE_DAY = Long.toString(Duration.ofDays(1).toMillis());

  public static final Topic EXPERTS =
      Topic.of("flexmoe.experts.v1", "expertId", 3, CleanupPolicy.DELETE, Map.of());
  public static final Topic VALIDATIONS =
      Topic.of("flexmoe.validations.v1", "expertId", 3, CleanupPolicy.DELETE, Map.of());
  public static final Topic MODEL_VERSIONS =
      Topic.of(
          "flexmoe.model-versions.v1",
          "modelName",
          1,
          CleanupPolicy.COMPACT,
          Map.of("delete.retention.ms", ONE_DAY));
  public static final Topic EXPERT_POLICIES =
      Topic.of(
          "flexmoe.expert-policies.v1",
          "expertId",
          3,
          CleanupPolicy.COMPACT,
          Map.of("delete.retention.ms", ONE_DAY));
  public static final Topic TENANTS =
      Topic.of(
          "flexmoe.tenants.v1",
          "tenantId",
          1,
          CleanupPolicy.COMPACT,
          Map.of("delete.retention.ms", ONE_DAY));
  public static final Topic USAGE =
      Topic.of(
          "flexmoe.usage.v1",
          "expertId",
          6,
          CleanupPolicy.DELETE,
          Map.of("retention.ms", THIRTY_DAYS));
  public static final Topic TRAINING =
      Topic.of("flexmoe.training.v1", "jobId", 3, CleanupPolicy.DELETE, Map.of());

  /** The services that consume events, each with its own dead-letter topic. */
  public static final List<String> CONSUMING_SERVICES =
      List.of("expert-registry", "merge-service", "policy-service", "inference-service");

  private static final String DEAD_LETTER_PREFIX = "flexmoe.dlq.";

  private TopicCatalog() {}

  /** The event topics, in the order of docs/architecture.md, "Topics". */
  public static List<Topic> eventTopics() {
    return List.of(EXPERTS, VALIDATIONS, MODEL_VERSIONS, EXPERT_POLICIES, TENANTS, USAGE, TRAINING);
  }

  /**
   * The dead-letter topic of a consuming service: records it could not read or process, kept 30
   * days with the original bytes and the failure in headers.
   */
  public static Topic deadLetterTopic(String service) {
    if (!service.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("not a service name: '" + service + "'");
    }
    return Topic.of(
        DEAD_LETTER_PREFIX + service,
        "the original record's key",
        1,
        CleanupPolicy.DELETE,
        Map.of("retention.ms", THIRTY_DAYS));
  }

  /** Every topic: the event topics, then one dead-letter topic per consuming service. */
  public static List<Topic> all() {
    List<Topic> all = new ArrayList<>(eventTopics());
    CONSUMING_SERVICES.forEach(service -> all.add(deadLetterTopic(service)));
    return List.copyOf(all);
  }

  /** The catalog entry of a topic name, if it has one. */
  public static Optional<Topic> byName(String name) {
    return all().stream().filter(topic -> topic.name().equals(name)).findFirst();
  }
}
