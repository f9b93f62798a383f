package dev.flexmoe.events;

import java.util.Arrays;
import java.util.Optional;

/** Each event of the catalog: its payload record, CloudEvents type and topic. */
public enum EventType {
  EXPERT_REGISTERED(ExpertRegistered.class, TopicCatalog.EXPERTS),
  EXPERT_WITHDRAWN(ExpertWithdrawn.class, TopicCatalog.EXPERTS),
  EXPERT_VALIDATED(ExpertValidated.class, TopicCatalog.VALIDATIONS),
  EXPERT_REJECTED(ExpertRejected.class, TopicCatalog.VALIDATIONS),
  MODEL_VERSION_PUBLISHED(ModelVersionPublished.class, TopicCatalog.MODEL_VERSIONS),
  EXPERT_POLICY(ExpertPolicy.class, TopicCatalog.EXPERT_POLICIES),
  TENANT_GRANTS(TenantGrants.class, TopicCatalog.TENANTS),
  USAGE_RECORDED(UsageRecorded.class, TopicCatalog.USAGE),
  TRAINING_PROGRESS(TrainingProgress.class, TopicCatalog.TRAINING),
  TRAINING_FINISHED(TrainingFinished.class, TopicCatalog.TRAINING);

  private static final String TYPE_PREFIX = "dev.flexmoe.";
  private static final String VERSION_SUFFIX = ".v1";

  private final Class<? extends EventPayload> payloadClass;
  private final Topic topic;

  EventType(Class<? extends EventPayload> payloadClass, Topic topic) {
    this.payloadClass = payloadClass;
    this.topic = topic;
  }

  public Class<? extends EventPayload> payloadClass() {
    return payloadClass;
  }

  /** The topic this event is published on. */
  public Topic topic() {
    return topic;
  }

  /** The CloudEvents {@code type}, e.g. {@code dev.flexmoe.ExpertRegistered.v1}. */
  public String typeName() {
    return TYPE_PREFIX + payloadClass.getSimpleName() + VERSION_SUFFIX;
  }

  /** The classpath resource of this event's JSON Schema. */
  public String schemaResource() {
    return "schemas/" + payloadClass.getSimpleName() + VERSION_SUFFIX + ".json";
  }

  public static EventType of(EventPayload payload) {
    return Arrays.stream(values())
        .filter(type -> type.payloadClass == payload.getClass())
        .findFirst()
        .orElseThrow(); // the sealed interface and this enum list the same records
  }

  public static Optional<EventType> byTypeName(String typeName) {
    return Arrays.stream(values()).filter(type -> type.typeName().equals(typeName)).findFirst();
  }
}
