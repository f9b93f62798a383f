package dev.flexmoe.events;

/**
 * The {@code data} of a flexmoe CloudEvent.
 *
 * <p>Every payload names its subject: the entity it is about, which is also the Kafka record key,
 * so that all events of one expert (or job, or model) stay in order on one partition.
 */
public sealed interface EventPayload
    permits ExpertRegistered,
        ExpertWithdrawn,
        ExpertValidated,
        ExpertRejected,
        ModelVersionPublished,
        ExpertPolicy,
        TenantGrants,
        UsageRecorded,
        TrainingProgress,
        TrainingFinished {

  /** The CloudEvents {@code subject} and the Kafka record key. */
  String subject();
}
