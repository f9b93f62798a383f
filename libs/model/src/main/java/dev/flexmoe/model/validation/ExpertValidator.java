package dev.flexmoe.model.validation;

import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.model.safetensors.SafetensorsFile;

/**
 * Decides whether an expert artifact may be merged, running every check that its inputs allow and
 * collecting every failure: integrity (digests, signature), the manifest's claims (anchor, model
 * shape, declared gain over the public model), the tensors (strict reading, dtypes, names and
 * shapes, numeric sanity) and, only for an artifact that passed all of those, the public probe. It
 * keeps nothing between calls but its settings.
 */
public final class ExpertValidator {

  private final ValidationSettings settings;

  public ExpertValidator(ValidationSettings settings) {
    this.settings = settings;
  }

  /** Validates an expert for an anchor that serves no version yet (the probe compares to it). */
  public ValidationReport validate(
      AnchorModel anchor, Submission submission, String expectedDigest, ProbeText probe) {
    return validate(anchor, submission, expectedDigest, null, probe);
  }

  /**
   * @param expectedDigest the SHA-256 the artifact's tensors were registered under
   * @param current the version served now, or null when there is none
   * @param probe held-back public text for the quality gate
   */
  public ValidationReport validate(
      AnchorModel anchor,
      Submission submission,
      String expectedDigest,
      CurrentVersion current,
      ProbeText probe) {
    ReportBuilder report = new ReportBuilder();
    String digest = Digests.sha256(submission.tensors());
    ExpertManifest manifest = ManifestClaims.parse(submission.manifestJson(), report);
    IntegrityCheck.check(submission, digest, expectedDigest, manifest, report);
    if (manifest != null) {
      ManifestClaims.check(manifest, anchor, report);
    }
    // Without a manifest the router bias may be there or not; every other tensor is still known.
    TensorLayout layout =
        manifest == null
            ? ExpertLayout.of(anchor.weights().config(), ExpertLayout.Bias.EITHER)
            : ExpertLayout.of(anchor.weights().config(), manifest.routerBias());
    SafetensorsFile tensors = TensorChecks.read(submission.tensors(), report);
    if (tensors != null) {
      TensorChecks.checkStructure(tensors, layout, report);
      NumericSanity.check(tensors, layout, anchor.weights(), settings, report);
    }
    if (report.clean()) {
      QualityGate.check(
          anchor, tensors, layout, manifest.domain(), current, probe, settings, report);
    } else {
      report.skip("probe", "it runs only for an artifact that passed every other check");
    }
    return report.build(digest);
  }
}
