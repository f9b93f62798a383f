package dev.flexmoe.model.validation;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertSignatures;
import java.util.Base64;

/** Are these the bytes that were registered, and did their owner sign them? */
final class IntegrityCheck {

  private static final String SIGNATURE = "signature";

  private IntegrityCheck() {}

  /**
   * @param digest the SHA-256 of the tensors as received
   * @param expectedDigest the digest the artifact was registered under
   * @param manifest the parsed manifest, or null when it did not parse
   */
  static void check(
      Submission submission,
      String digest,
      String expectedDigest,
      ExpertManifest manifest,
      ReportBuilder report) {
    if (!digest.equals(expectedDigest)) {
      report.fail(
          FindingCode.DIGEST_MISMATCH,
          ExpertArtifact.WEIGHTS,
          ExpertArtifact.WEIGHTS
              + " has SHA-256 "
              + digest
              + " but "
              + expectedDigest
              + " was expected");
    }
    if (manifest != null && !digest.equals(manifest.tensorsSha256())) {
      report.fail(
          FindingCode.DIGEST_MISMATCH,
          ExpertArtifact.MANIFEST + "/tensorsSha256",
          "the manifest says "
              + manifest.tensorsSha256()
              + " but "
              + ExpertArtifact.WEIGHTS
              + " has SHA-256 "
              + digest);
    }
    checkSignature(submission, digest, report);
  }

  private static void checkSignature(Submission submission, String digest, ReportBuilder report) {
    if (submission.ownerKeys().isEmpty()) {
      report.skip(SIGNATURE, "the owner has registered no key");
      return;
    }
    if (submission.signature() == null) {
      report.fail(
          FindingCode.SIGNATURE_INVALID,
          SIGNATURE,
          "the owner has registered a key, so the artifact must be signed, and it is not");
      return;
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(submission.signature().strip());
    } catch (IllegalArgumentException e) {
      report.fail(FindingCode.SIGNATURE_INVALID, SIGNATURE, "the signature is not base64");
      return;
    }
    byte[] message = ExpertSignatures.message(submission.manifestJson(), digest);
    if (submission.ownerKeys().stream()
        .noneMatch(key -> ExpertSignatures.verifies(key, message, signature))) {
      report.fail(
          FindingCode.SIGNATURE_INVALID,
          SIGNATURE,
          "the signature does not verify with any of the owner's "
              + submission.ownerKeys().size()
              + " registered key(s) for this manifest and these tensors");
    }
  }
}
