package dev.flexmoe.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.events.Topic.CleanupPolicy;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

  @Test
  void catalogHoldsTheTopicsOfTheDesign() {
    assertThat(TopicCatalog.all().stream().map(Topic::name))
        .containsExactly(
            "flexmoe.experts.v1",
            "flexmoe.validations.v1",
            "flexmoe.model-versions.v1",
            "flexmoe.expert-policies.v1",
            "flexmoe.tenants.v1",
            "flexmoe.usage.v1",
            "flexmoe.training.v1",
            "flexmoe.dlq.expert-registry",
            "flexmoe.dlq.merge-service",
            "flexmoe.dlq.policy-service",
            "flexmoe.dlq.inference-service");
  }

  @Test
  void onlyModelVersionsPoliciesAndTenantsAreCompacted() {
    assertThat(
            TopicCatalog.all().stream()
                .filter(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT)
                .map(Topic::name))
        .containsExactly(
            "flexmoe.model-versions.v1", "flexmoe.expert-policies.v1", "flexmoe.tenants.v1");
    TopicCatalog.all()
        .forEach(
            topic ->
                assertThat(topic.configs())
                    .containsEntry("cleanup.policy", topic.cleanupPolicy().configValue()));
  }

  @Test
  void everyEventTypeHasACatalogTopicAndEveryEventTopicCarriesOne() {
    assertThat(Arrays.stream(EventType.values()).map(EventType::topic).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(TopicCatalog.eventTopics());
  }

  @Test
  void lookupAndDeadLetterNaming() {
    assertThat(TopicCatalog.byName("flexmoe.usage.v1")).contains(TopicCatalog.USAGE);
    assertThat(TopicCatalog.byName("flexmoe.nope")).isEmpty();
    assertThat(TopicCatalog.deadLetterTopic("training-service").name())
        .isEqualTo("flexmoe.dlq.training-service");
    assertThatThrownBy(() -> TopicCatalog.deadLetterTopic("../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeNamesFollowTheConvention() {
    assertThat(EventType.TRAINING_FINISHED.typeName()).isEqualTo("dev.flexmoe.TrainingFinished.v1");
    assertThat(EventType.byTypeName("dev.flexmoe.ExpertPolicy.v1"))
        .contains(EventType.EXPERT_POLICY);
  }
}
