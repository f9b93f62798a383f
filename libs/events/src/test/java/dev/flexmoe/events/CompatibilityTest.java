package dev.flexmoe.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.events.ExpertPolicy.State;
import dev.flexmoe.events.TrainingFinished.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stored v1 samples are events as producers wrote them; they must parse forever. If one of
 * these fails, a change broke the v1 contract: revert it, or introduce a v2 type beside v1.
 */
class CompatibilityTest {

  private static final String ANCHOR =
      "fad23d9da433ed43452212876291f0b0494bae807c0a44ffff00d7b1c49a7a82";
  private static final String NEWS_EXPERT =
      "2993e0e46e8d263f0761cc773c75061fa4132939fa4d5c743105ebd6f43a635a";
  private static final String CODE_EXPERT =
      "5438df39a6aa350a0e6bc8f3cb375607942c528ee337fe4e3199c868874a2ece";

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyStoredSampleParsesAndSurvivesReEncoding(EventType type) {
    CloudEvent<?> stored = CloudEventCodec.decode(Samples.bytes(type));

    assertThat(stored.eventType()).isEqualTo(type);
    assertThat(stored.subject()).isEqualTo(stored.data().subject());
    assertThat(CloudEventCodec.decode(CloudEventCodec.encode(stored))).isEqualTo(stored);
  }

  @Test
  void expertRegisteredKeepsEnvelopeAndData() {
    CloudEvent<ExpertRegistered> event =
        CloudEventCodec.decode(Samples.bytes(EventType.EXPERT_REGISTERED), ExpertRegistered.class);

    assertThat(event.id()).isEqualTo("0b6c1f1e-5d1a-4f3e-9a51-3f0d6f2f9c01");
    assertThat(event.source()).isEqualTo("/flexmoe/expert-registry");
    assertThat(event.type()).isEqualTo("dev.flexmoe.ExpertRegistered.v1");
    assertThat(event.time()).isEqualTo(Instant.parse("2026-11-28T10:15:30.125Z"));
    assertThat(event.data())
        .isEqualTo(
            new ExpertRegistered(
                "exp-news-001", "owner-herald", "news", NEWS_EXPERT, ANCHOR, 12_582_912L, 1));
  }

  @Test
  void unknownFieldsFromANewerProducerAreIgnored() {
    // The ExpertValidated sample carries data.validatorVersion, the TrainingFinished sample a
    // traceparent extension attribute: neither is part of v1.
    CloudEvent<ExpertValidated> validated =
        CloudEventCodec.decode(Samples.bytes(EventType.EXPERT_VALIDATED), ExpertValidated.class);
    CloudEvent<TrainingFinished> finished =
        CloudEventCodec.decode(Samples.bytes(EventType.TRAINING_FINISHED), TrainingFinished.class);

    assertThat(validated.data().metrics())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("publicProbeBitsPerByte", 1.234, "maxAbsWeight", 3.5));
    assertThat(finished.data().outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(finished.data().artifactDigest()).isEqualTo(NEWS_EXPERT);
  }

  @Test
  void modelVersionKeepsRouterRowOrder() {
    ModelVersionPublished version =
        CloudEventCodec.decode(
                Samples.bytes(EventType.MODEL_VERSION_PUBLISHED), ModelVersionPublished.class)
            .data();

    assertThat(version.version()).isEqualTo(3L);
    assertThat(version.topK()).isEqualTo(2);
    assertThat(version.experts())
        .containsExactly(
            new ModelVersionPublished.Expert("exp-news-001", NEWS_EXPERT, 1),
            new ModelVersionPublished.Expert("exp-code-002", CODE_EXPERT, 2));
  }

  @Test
  void policyAndUsageKeepTheirTimes() {
    ExpertPolicy policy =
        CloudEventCodec.decode(Samples.bytes(EventType.EXPERT_POLICY), ExpertPolicy.class).data();
    UsageRecorded usage =
        CloudEventCodec.decode(Samples.bytes(EventType.USAGE_RECORDED), UsageRecorded.class).data();

    assertThat(policy.state()).isEqualTo(State.RESTRICTED);
    assertThat(policy.tenants()).isEqualTo(List.of("tenant-acme"));
    assertThat(policy.validUntil()).isEqualTo(Instant.parse("2027-06-30T23:59:59Z"));
    assertThat(usage.tokens()).isEqualTo(48_213L);
    assertThat(usage.window().end()).isEqualTo(Instant.parse("2026-11-28T10:05:00Z"));
  }

  @Test
  void tenantGrantsKeepTheirClassesInOrder() {
    TenantGrants grants =
        CloudEventCodec.decode(Samples.bytes(EventType.TENANT_GRANTS), TenantGrants.class).data();

    assertThat(grants.tenantId()).isEqualTo("tenant-acme");
    assertThat(grants.licenseClasses()).containsExactly("research", "clinical");
    assertThat(grants.suspended()).isFalse();
    assertThat(grants.revision()).isEqualTo(3L);
  }
}
