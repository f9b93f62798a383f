package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Experts the registry accepts but the merge service refuses, each with its specific reason code on
 * the validations topic, in the report, and as REJECTED in the registry.
 */
@QuarkusTest
@QuarkusTestResource(Platform.class)
class RejectionCatalogTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private Path good;
  private String anchor;

  @BeforeEach
  void publicModelAndAGoodExpert() {
    anchor = Calls.ensurePublicModel("micro-public", MicroArtifacts.publicModel());
    good = MicroArtifacts.expert("news", "carol");
  }

  @Test
  void anExpertScaledByAHundredIsOutOfRange() {
    Path scaled = ForgedArtifacts.rewritten(good, "scaled", (name, weight) -> weight.mul(100));
    assertRejectedWith(scaled, "norm-out-of-range");
  }

  @Test
  void randomNoiseIsUnrelatedToTheAnchor() {
    Path noise =
        ForgedArtifacts.rewritten(
            good, "noise", (name, weight) -> ForgedArtifacts.noise(weight, 1, name.hashCode()));
    assertRejectedWith(noise, "unrelated-to-anchor");
  }

  /**
   * A real expert, trained on code as its owner would, that passes every numeric check: merged at k
   * = 2 with no router tuning it costs the public probe more than the tolerance.
   */
  @Test
  void aTrainedExpertThatWorsensThePublicProbeIsRefused() {
    assertRejectedWith(MicroArtifacts.expert("code", "carol"), "probe-regression");
  }

  @Test
  void anArtifactWithSeveralFaultsListsThemAll() {
    Path both =
        ForgedArtifacts.rewritten(
            good,
            "scaled-noise",
            (name, weight) ->
                name.contains("down_proj")
                    ? weight.mul(100)
                    : ForgedArtifacts.noise(weight, 1, name.hashCode()));
    assertRejectedWith(both, "norm-out-of-range", "unrelated-to-anchor");
  }

  @Test
  void tensorsAlteredInTheRegistrysStorageNoLongerMatchTheirDigest() throws Exception {
    Path base =
        ForgedArtifacts.rewritten(good, "base-altered", (name, weight) -> weight.mul(1.001));
    assertForgedRejectedWith(
        base,
        ForgedArtifacts.withLastFloat(base, 0.5f),
        digestOf(base),
        anchor,
        null,
        "digest-mismatch");
  }

  @Test
  void aNanSmuggledIntoTheRegistrysStorageIsFound() throws Exception {
    Path base = ForgedArtifacts.rewritten(good, "base-nan", (name, weight) -> weight.mul(1.002));
    assertForgedRejectedWith(
        base,
        ForgedArtifacts.withLastFloat(base, Float.NaN),
        digestOf(base),
        anchor,
        null,
        "digest-mismatch",
        "non-finite");
  }

  @Test
  void aForgedRegistrationOfTheWrongShapeIsRefused() throws Exception {
    Path narrow =
        ForgedArtifacts.rewritten(
            good,
            "wrong-shape",
            (name, weight) ->
                name.equals("layers.0.up_proj.weight") ? weight.get(":32, :") : weight);
    assertForgedRejectedWith(
        narrow, tensorsOf(narrow), digestOf(narrow), anchor, null, "tensor-shape");
  }

  @Test
  void anExpertTrainedAgainstAnotherAnchorIsRefused() throws Exception {
    Path other =
        ForgedArtifacts.rewritten(
            good, "other-anchor", "ab".repeat(32), (name, weight) -> weight.mul(1.003));
    assertForgedRejectedWith(
        other, tensorsOf(other), digestOf(other), anchor, null, "anchor-mismatch");
  }

  @Test
  void aSignatureThatTheOwnersKeyDoesNotVerifyIsRefused() throws Exception {
    Path signed = MicroArtifacts.expert("news", "dave");
    KeyPair registered = ExpertSignatures.generateKeyPair();
    Calls.registry("dave", "owner")
        .contentType("application/json")
        .body(
            "{\"publicKey\":\""
                + Base64.getEncoder().encodeToString(registered.getPublic().getEncoded())
                + "\"}")
        .post("/api/v1/owners/dave/keys")
        .then()
        .statusCode(201);
    byte[] message =
        ExpertSignatures.message(
            Files.readAllBytes(signed.resolve(ExpertArtifact.MANIFEST)), digestOf(signed));
    String byAnotherKey =
        Base64.getEncoder()
            .encodeToString(
                ExpertSignatures.sign(
                    ExpertSignatures.generateKeyPair().getPrivate().getEncoded(), message));
    assertForgedRejectedWith(
        signed, tensorsOf(signed), digestOf(signed), anchor, byAnotherKey, "signature-invalid");
  }

  @Test
  void anExpertOfAnUnregisteredAnchorIsRefusedUnchecked() throws Exception {
    String expertId = UUID.randomUUID().toString();
    String otherAnchor = "ab".repeat(32);
    CloudEvent<ExpertRegistered> forged =
        CloudEvent.of(
            "/flexmoe/expert-registry",
            new ExpertRegistered(
                expertId, "mallory", "news", "cd".repeat(32), otherAnchor, 10L, 1));
    Topics topics = new Topics(bootstrap);
    topics.send(TopicCatalog.EXPERTS.name(), expertId, CloudEventCodec.encode(forged));
    ExpertRejected rejected = awaitRejection(topics, expertId);
    assertThat(rejected.reasons())
        .extracting(ExpertRejected.Reason::code)
        .containsExactly("anchor-mismatch");
    assertThat(rejected.reasons().get(0).message()).contains(otherAnchor);
  }

  private void assertRejectedWith(Path artifact, String... codes) {
    assertVerdict(Calls.uploadExpert("carol", artifact), codes);
  }

  private void assertForgedRejectedWith(
      Path artifact,
      byte[] tensors,
      String claimedDigest,
      String anchorDigest,
      String signature,
      String... codes)
      throws Exception {
    String expertId =
        ForgedRegistrations.register(
            new Topics(bootstrap), artifact, tensors, claimedDigest, anchorDigest, signature);
    assertVerdict(expertId, codes);
  }

  private static byte[] tensorsOf(Path artifact) throws IOException {
    return Files.readAllBytes(artifact.resolve(ExpertArtifact.WEIGHTS));
  }

  private static String digestOf(Path artifact) {
    return ExpertArtifact.open(artifact).digest();
  }

  private void assertVerdict(String expertId, String... codes) {
    ExpertRejected rejected = awaitRejection(new Topics(bootstrap), expertId);
    assertThat(rejected.reasons()).extracting(ExpertRejected.Reason::code).containsOnly(codes);
    List<String> reported =
        Calls.merge("ops", "operator")
            .get("/api/v1/experts/" + expertId + "/validation")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("report.findings.code");
    assertThat(reported).containsOnly(codes);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Calls.registryState(expertId).equals("REJECTED"));
  }

  private static ExpertRejected awaitRejection(Topics topics, String expertId) {
    List<CloudEvent<?>> events =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> topics.events(TopicCatalog.VALIDATIONS.name(), expertId),
                found -> !found.isEmpty());
    assertThat(events).hasSize(1);
    return (ExpertRejected) events.get(0).data();
  }
}
