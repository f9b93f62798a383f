package dev.flexmoe.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import dev.flexmoe.model.validation.ArtifactForge.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation of micro-preset experts: a properly trained one passes with its measurements, and each
 * artifact of the rejection catalog is refused with exactly its code.
 */
class ExpertValidatorTest {

  private static final ExpertValidator VALIDATOR =
      new ExpertValidator(ValidationSettings.defaults());
  private static final int LAYERS = 2;

  @TempDir static Path dir;
  private static NDManager manager;
  private static MicroExperts micro;
  private static Path good;
  private static Path second;
  private static Path overtrained;
  private static ArtifactForge forge;

  @BeforeAll
  static void trainExperts() {
    manager = NDManager.newBaseManager();
    micro = new MicroExperts(manager, dir);
    good = micro.trainExpert(0, "walk-a", 80);
    second = micro.trainExpert(1, "walk-b", 80);
    // Trained far past what its 20k tokens support, it takes over tokens it is bad at.
    overtrained = micro.trainExpert(0, "walk-a-long", 400);
    forge = new ArtifactForge(dir, good);
  }

  @AfterAll
  static void free() {
    manager.close();
  }

  private static ValidationReport validate(Path artifact) {
    return validate(artifact, digestOf(artifact), List.of());
  }

  private static ValidationReport validate(
      Path artifact, String expectedDigest, List<byte[]> ownerKeys) {
    return VALIDATOR.validate(
        micro.anchor, Submission.fromDirectory(artifact, ownerKeys), expectedDigest, micro.probe);
  }

  private static String digestOf(Path artifact) {
    return Digests.sha256(artifact.resolve(ExpertArtifact.WEIGHTS));
  }

  private static double declared(Path artifact, String metric) {
    return ExpertManifest.read(artifact.resolve(ExpertArtifact.MANIFEST)).metrics().get(metric);
  }

  @Test
  void aProperlyTrainedSignedExpertPassesAndReportsWhatItMeasured() {
    KeyPair owner = ExpertSignatures.generateKeyPair();
    Path signed = forge.withBytes("signed", bytes -> {}, false);
    ArtifactForge.sign(signed, owner);

    ValidationReport report =
        validate(signed, digestOf(good), List.of(owner.getPublic().getEncoded()));

    assertThat(report.passed()).isTrue();
    assertThat(report.findings()).isEmpty();
    assertThat(report.skipped()).isEmpty();
    assertThat(report.digest()).isEqualTo(digestOf(good));
    assertThat(report.metrics().keySet())
        .containsExactly(
            "validationBitsPerByte",
            "publicValidationBitsPerByte",
            "normRatioMin",
            "normRatioMax",
            "cosineToPublicMin",
            "probeBitsPerByteWithout",
            "probeBitsPerByteWith",
            "probeTokens");
    assertThat(report.metric(Metric.DECLARED_VALIDATION_BITS_PER_BYTE))
        .hasValue(declared(good, ExpertManifest.VALIDATION_BITS_PER_BYTE));
    assertThat(report.metric(Metric.DECLARED_PUBLIC_VALIDATION_BITS_PER_BYTE))
        .hasValue(declared(good, ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE));
    assertThat(report.projections())
        .extracting(ProjectionMeasure::tensor)
        .containsExactlyElementsOf(ArtifactForge.projections(LAYERS));
    assertThat(report.projections())
        .allSatisfy(
            projection -> {
              assertThat(projection.normRatio()).isBetween(1.0, 1.5);
              assertThat(projection.cosine()).isBetween(0.8, 1.0);
            });
    double publicBits =
        BitsPerByte.evaluate(
                new FlexOlmoModel(micro.publicWeights),
                micro.probe.documents(),
                micro.probe.startToken(),
                Forward.defaults())
            .bitsPerByte();
    assertThat(report.metric(Metric.PROBE_BITS_PER_BYTE_WITHOUT)).hasValue(publicBits);
    assertThat(report.metric(Metric.PROBE_BITS_PER_BYTE_WITH).getAsDouble())
        .isLessThan(publicBits + ValidationSettings.defaults().probeTolerance());
    assertThat(report.metric(Metric.PROBE_TOKENS)).hasValue(2048.0);
  }

  @Test
  void theNextExpertIsJudgedAgainstTheVersionServedNow() {
    ExpertWeights served = ExpertArtifact.open(good).weights(micro.publicWeights.config(), manager);
    CurrentVersion current = new CurrentVersion(List.of(served), List.of("walk-a"), 2);

    ValidationReport report =
        VALIDATOR.validate(
            micro.anchor,
            Submission.fromDirectory(second, List.of()),
            digestOf(second),
            current,
            micro.probe);

    assertThat(report.passed()).isTrue();
    // The version served now is public + walk-a at k = 2: what walk-a's own validation merged.
    assertThat(report.metric(Metric.PROBE_BITS_PER_BYTE_WITHOUT))
        .isEqualTo(validate(good).metric(Metric.PROBE_BITS_PER_BYTE_WITH));
  }

  @Test
  void theProbeScoresWholeDocumentsUpToTheCap() {
    ExpertValidator capped = new ExpertValidator(new ValidationSettings(4, 0.25, 0.1, 500));

    ValidationReport report =
        capped.validate(
            micro.anchor, Submission.fromDirectory(good, List.of()), digestOf(good), micro.probe);

    // Documents of 32 tokens: the 16th is the first to reach 500.
    assertThat(report.metric(Metric.PROBE_TOKENS)).hasValue(512.0);
  }

  @Test
  void anExpertOfAnotherPublicModelIsRefused() {
    Path foreign =
        forge.write(
            "foreign",
            forge.draft(
                Digests.sha256("another public model".getBytes(StandardCharsets.UTF_8)),
                ExpertManifest.read(good.resolve(ExpertArtifact.MANIFEST)).metrics()),
            forge.tensors());

    ValidationReport report = validate(foreign);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.ANCHOR_MISMATCH);
    assertThat(report.findings())
        .extracting(Finding::subject)
        .containsExactly("expert.json/anchorDigest");
  }

  @Test
  void aTensorOfTheWrongShapeIsRefused() {
    Map<String, Tensor> tensors = forge.tensors();
    tensors.put(
        ExpertLayout.projection(0, "down"), new Tensor(new long[] {64, 192}, new float[64 * 192]));

    ValidationReport report = validate(forge.write("wide", forge.draft(), tensors));

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.TENSOR_SHAPE);
    assertThat(report.findings())
        .extracting(Finding::message)
        .containsExactly(
            "expert.safetensors: layers.0.down_proj.weight has shape [64, 192], expected [64, 160]");
    assertThat(report.projections()).hasSize(5);
  }

  @Test
  void bytesChangedAfterTheManifestWasWrittenAreRefused() {
    Path altered = forge.withBytes("altered", bytes -> lastFloat(bytes, 0.5f), false);

    ValidationReport report = validate(altered, digestOf(good), List.of());

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.DIGEST_MISMATCH);
    assertThat(report.findings())
        .extracting(Finding::subject)
        .containsExactly("expert.safetensors", "expert.json/tensorsSha256");
  }

  @Test
  void aNanSmuggledIntoTheBytesIsRefusedByName() {
    Path poisoned = forge.withBytes("nan", bytes -> lastFloat(bytes, Float.NaN), true);

    ValidationReport report = validate(poisoned);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.NON_FINITE);
    // The writer orders tensors by name, so the last float is the last up projection's.
    assertThat(report.findings())
        .extracting(Finding::subject)
        .containsExactly("expert.safetensors/layers.1.up_proj.weight");
    assertThat(report.skipped())
        .containsExactly(
            "signature: the owner has registered no key",
            "tensor checks: expert.safetensors was refused by the strict reader, so no tensor was"
                + " examined",
            "probe: it runs only for an artifact that passed every other check");
  }

  @Test
  void aTruncatedFileIsUnreadable() {
    Path cut = forge.withBytes("cut", bytes -> {}, false);
    Path tensors = cut.resolve(ExpertArtifact.WEIGHTS);
    byte[] bytes = readBytes(tensors);
    writeBytes(tensors, Arrays.copyOf(bytes, bytes.length - 100));
    editManifest(cut, json -> json.replace(digestOf(good), digestOf(cut)));

    ValidationReport report = validate(cut);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.UNREADABLE);
    assertThat(report.projections()).isEmpty();
  }

  @Test
  void anExpertScaledAHundredfoldIsRefused() {
    Map<String, Tensor> tensors = forge.tensors();
    ArtifactForge.projections(LAYERS)
        .forEach(name -> tensors.put(name, tensors.get(name).scaled(100)));

    ValidationReport report = validate(forge.write("loud", forge.draft(), tensors));

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.NORM_OUT_OF_RANGE);
    assertThat(report.findings()).hasSize(6);
    assertThat(report.metric(Metric.NORM_RATIO_MIN).getAsDouble()).isGreaterThan(100);
  }

  @Test
  void aRandomNoiseExpertOfTheRightNormIsRefused() {
    Map<String, Tensor> tensors = forge.tensors();
    Random random = new Random(5);
    for (int layer = 0; layer < LAYERS; layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        float[] publicFfn =
            micro.publicWeights.get(TensorNames.expert(layer, 0, projection)).toFloatArray();
        float[] noise = new float[publicFfn.length];
        double scale = norm(publicFfn) / Math.sqrt(noise.length);
        for (int i = 0; i < noise.length; i++) {
          noise[i] = (float) (random.nextGaussian() * scale);
        }
        String name = ExpertLayout.projection(layer, projection);
        tensors.put(name, new Tensor(tensors.get(name).shape(), noise));
      }
    }

    ValidationReport report = validate(forge.write("noise", forge.draft(), tensors));

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.UNRELATED_TO_ANCHOR);
    assertThat(report.findings()).hasSize(6);
    assertThat(report.metric(Metric.COSINE_TO_PUBLIC_MIN).getAsDouble()).isLessThan(0.05);
  }

  @Test
  void anExpertThatWorsensThePublicProbeIsRefused() {
    ValidationReport report = validate(overtrained);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.PROBE_REGRESSION);
    assertThat(
            report.metric(Metric.PROBE_BITS_PER_BYTE_WITH).getAsDouble()
                - report.metric(Metric.PROBE_BITS_PER_BYTE_WITHOUT).getAsDouble())
        .isGreaterThan(2 * ValidationSettings.defaults().probeTolerance());
  }

  @Test
  void aSignatureByAnotherKeyIsRefused() {
    Path signed = forge.withBytes("forged-signature", bytes -> {}, false);
    ArtifactForge.sign(signed, ExpertSignatures.generateKeyPair());
    byte[] ownerKey = ExpertSignatures.generateKeyPair().getPublic().getEncoded();

    ValidationReport report = validate(signed, digestOf(signed), List.of(ownerKey));

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.SIGNATURE_INVALID);
  }

  @Test
  void anOwnerWithAKeyMustSign() {
    byte[] ownerKey = ExpertSignatures.generateKeyPair().getPublic().getEncoded();

    ValidationReport report = validate(good, digestOf(good), List.of(ownerKey));

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.SIGNATURE_INVALID);
  }

  @Test
  void aManifestWithoutTheValidationMetricIsRefused() {
    Path silent =
        forge.write(
            "silent",
            forge.draft(micro.anchor.digest(), Map.of("trainLoss", 1.0)),
            forge.tensors());

    ValidationReport report = validate(silent);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.METRIC_MISSING);
  }

  @Test
  void anInvalidManifestIsRefusedAndTheTensorsStillChecked() {
    Path strange = forge.withBytes("strange", bytes -> {}, false);
    editManifest(strange, json -> json.replaceFirst("\\{", "{\"trainingData\": \"all of it\","));

    ValidationReport report = validate(strange);

    assertThat(report.codes()).containsExactlyInAnyOrder(FindingCode.MANIFEST_INVALID);
    assertThat(report.projections()).hasSize(6);
  }

  @Test
  void anArtifactWithSeveralFaultsListsThemAll() {
    Map<String, Tensor> tensors = forge.tensors();
    ArtifactForge.projections(LAYERS)
        .forEach(name -> tensors.put(name, tensors.get(name).scaled(100)));
    tensors.remove(ExpertLayout.routerRow(1));
    tensors.remove(ExpertLayout.routerBias(0));
    tensors.put("layers.0.extra.weight", new Tensor(new long[] {2}, new float[] {1, 2}));
    SafetensorsWriter writer = new SafetensorsWriter();
    tensors.forEach((name, tensor) -> writer.putF32(name, tensor.shape(), tensor.values()));
    writer.putI64(ExpertLayout.routerBias(0), new long[] {1}, new long[] {0});
    Map<String, Double> noGain =
        Map.of(
            ExpertManifest.VALIDATION_BITS_PER_BYTE, 2.0,
            ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE, 1.5);
    Path faulty =
        forge.write(
            "faulty",
            forge.draft(Digests.sha256("elsewhere".getBytes(StandardCharsets.UTF_8)), noGain),
            writer);
    ArtifactForge.sign(faulty, ExpertSignatures.generateKeyPair());
    byte[] ownerKey = ExpertSignatures.generateKeyPair().getPublic().getEncoded();

    ValidationReport report = validate(faulty, digestOf(good), List.of(ownerKey));

    assertThat(report.codes())
        .containsExactlyInAnyOrder(
            FindingCode.DIGEST_MISMATCH,
            FindingCode.SIGNATURE_INVALID,
            FindingCode.ANCHOR_MISMATCH,
            FindingCode.NO_GAIN_OVER_PUBLIC,
            FindingCode.TENSOR_DTYPE,
            FindingCode.TENSOR_MISSING,
            FindingCode.TENSOR_UNEXPECTED,
            FindingCode.NORM_OUT_OF_RANGE);
    assertThat(report.findings())
        .filteredOn(finding -> finding.code() != FindingCode.NORM_OUT_OF_RANGE)
        .extracting(Finding::subject)
        .containsExactly(
            "expert.safetensors",
            "signature",
            "expert.json/anchorDigest",
            "expert.json/metrics/validationBitsPerByte",
            "expert.safetensors/layers.0.router.bias",
            "expert.safetensors/layers.1.router.weight",
            "expert.safetensors/layers.0.extra.weight");
    assertThat(report.passed()).isFalse();
    assertThat(report.skipped())
        .containsExactly("probe: it runs only for an artifact that passed every other check");
  }

  /** Overwrites the file's last float (the last element of the last tensor). */
  private static void lastFloat(byte[] bytes, float value) {
    ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
  }

  private static double norm(float[] values) {
    double squares = 0;
    for (float value : values) {
      squares += (double) value * value;
    }
    return Math.sqrt(squares);
  }

  private static void editManifest(Path artifact, UnaryOperator<String> edit) {
    Path manifest = artifact.resolve(ExpertArtifact.MANIFEST);
    writeBytes(
        manifest,
        edit.apply(new String(readBytes(manifest), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeBytes(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
