package dev.flexmoe.model.validation;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.InvalidManifestException;
import java.util.Map;

/** What the manifest claims: a valid manifest, of this anchor and its shape, with a real gain. */
final class ManifestClaims {

  private ManifestClaims() {}

  /** The manifest, or null (with a finding) when it does not parse. */
  static ExpertManifest parse(byte[] json, ReportBuilder report) {
    try {
      return ExpertManifest.parse(json);
    } catch (InvalidManifestException e) {
      report.fail(
          FindingCode.MANIFEST_INVALID,
          e.field().isEmpty()
              ? ExpertArtifact.MANIFEST
              : ExpertArtifact.MANIFEST + "/" + e.field().replace('.', '/'),
          e.getMessage());
      return null;
    }
  }

  static void check(ExpertManifest manifest, AnchorModel anchor, ReportBuilder report) {
    if (!manifest.anchorDigest().equals(anchor.digest())) {
      report.fail(
          FindingCode.ANCHOR_MISMATCH,
          ExpertArtifact.MANIFEST + "/anchorDigest",
          "the expert was trained against public model "
              + manifest.anchorDigest()
              + ", not this one ("
              + anchor.digest()
              + ")");
    }
    FlexOlmoConfig config = anchor.weights().config();
    ExpertManifest.Shape expected = ExpertManifest.Shape.of(config);
    if (!manifest.model().equals(expected)) {
      report.fail(
          FindingCode.TENSOR_SHAPE,
          ExpertArtifact.MANIFEST + "/model",
          "the manifest's model shape " + manifest.model() + " is not the anchor's " + expected);
    }
    checkDeclaredGain(manifest.metrics(), report);
  }

  /**
   * The owner's own evidence that the expert helps on their domain: its held-out bits per byte must
   * be below the public model's on the same text. Without both numbers there is no evidence, which
   * is {@link FindingCode#METRIC_MISSING} rather than a failed comparison.
   */
  private static void checkDeclaredGain(Map<String, Double> metrics, ReportBuilder report) {
    Double expert = metrics.get(ExpertManifest.VALIDATION_BITS_PER_BYTE);
    Double publicModel = metrics.get(ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE);
    if (expert == null || publicModel == null) {
      report.fail(
          FindingCode.METRIC_MISSING,
          ExpertArtifact.MANIFEST + "/metrics",
          "the manifest must declare both "
              + ExpertManifest.VALIDATION_BITS_PER_BYTE
              + " and "
              + ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE
              + " (train with held-out validation text)");
      return;
    }
    report.measure(Metric.DECLARED_VALIDATION_BITS_PER_BYTE, expert);
    report.measure(Metric.DECLARED_PUBLIC_VALIDATION_BITS_PER_BYTE, publicModel);
    if (!(expert < publicModel)) {
      report.fail(
          FindingCode.NO_GAIN_OVER_PUBLIC,
          ExpertArtifact.MANIFEST + "/metrics/" + ExpertManifest.VALIDATION_BITS_PER_BYTE,
          "the expert's declared "
              + expert
              + " bits per byte on its validation text do not beat the public model's "
              + publicModel);
    }
  }
}
