package dev.flexmoe.registry.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.InvalidManifestException;
import dev.flexmoe.registry.domain.OwnerKey;
import dev.flexmoe.registry.domain.PublicModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Judges an upload before anything is stored: the manifest, its anchor, the tensors (read strictly:
 * bounds, overlaps, dtypes, finite values), their layout against the anchor's config, their digest,
 * and the owner's signature when the owner has registered a key. Each failure is a {@link
 * MalformedRequestException} (the input does not read) or an {@link InvalidUploadException} (it
 * breaks a rule), naming the field.
 */
@ApplicationScoped
public class UploadValidator {

  static final String MANIFEST = ExpertArtifact.MANIFEST;
  static final String TENSORS = ExpertArtifact.WEIGHTS;

  @Inject ObjectMapper json;

  public ValidatedUpload validate(UploadParts parts, String ownerId) {
    ExpertManifest manifest = manifest(parts.manifestJson());
    if (manifest.owner() != null && !manifest.owner().equals(ownerId)) {
      throw new InvalidUploadException(
          "owner-mismatch",
          MANIFEST + "/owner",
          "the manifest names owner '"
              + manifest.owner()
              + "' but the caller is '"
              + ownerId
              + "'");
    }
    PublicModel anchor =
        PublicModel.findByDigest(manifest.anchorDigest())
            .orElseThrow(
                () ->
                    new InvalidUploadException(
                        "unknown-anchor",
                        MANIFEST + "/anchorDigest",
                        "no public model with digest "
                            + manifest.anchorDigest()
                            + " is registered; train against a registered public model"));
    FlexOlmoConfig config = configOf(anchor);
    checkShape(manifest.model(), config);
    StrictTensors.check(
        ExpertLayout.of(config, manifest.routerBias()),
        StrictTensors.read(parts.tensors(), TENSORS),
        TENSORS);
    String digest = parts.tensors().sha256();
    if (!digest.equals(manifest.tensorsSha256())) {
      throw new InvalidUploadException(
          "digest-mismatch",
          MANIFEST + "/tensorsSha256",
          "the manifest says "
              + manifest.tensorsSha256()
              + " but "
              + TENSORS
              + " has SHA-256 "
              + digest);
    }
    checkSignature(parts, digest, ownerId);
    return new ValidatedUpload(manifest, parts.manifestJson(), parts.tensors(), parts.signature());
  }

  private static ExpertManifest manifest(byte[] bytes) {
    try {
      return ExpertManifest.parse(bytes);
    } catch (InvalidManifestException e) {
      String field = e.field().isEmpty() ? MANIFEST : MANIFEST + "/" + e.field().replace('.', '/');
      throw new MalformedRequestException("invalid-manifest", field, e.getMessage());
    }
  }

  private FlexOlmoConfig configOf(PublicModel anchor) {
    try {
      return FlexOlmoConfig.fromJson(json.readTree(anchor.config));
    } catch (IOException e) {
      throw new UncheckedIOException("stored config of " + anchor.name + " is unreadable", e);
    }
  }

  private static void checkShape(ExpertManifest.Shape shape, FlexOlmoConfig config) {
    ExpertManifest.Shape expected = ExpertManifest.Shape.of(config);
    if (!shape.equals(expected)) {
      throw new InvalidUploadException(
          "shape-mismatch",
          MANIFEST + "/model",
          "the manifest's model shape " + shape + " is not the anchor's " + expected);
    }
  }

  /**
   * Refuses a signature that no key of the owner verifies, a missing one when the owner has a key,
   * and any when it has none: a signature that passes was verified.
   */
  private static void checkSignature(UploadParts parts, String digest, String ownerId) {
    List<OwnerKey> keys = OwnerKey.keysOf(ownerId);
    if (keys.isEmpty()) {
      if (parts.signature() != null) {
        throw new InvalidUploadException(
            "no-owner-key",
            "signature",
            "the upload is signed but owner '" + ownerId + "' has registered no key");
      }
      return;
    }
    if (parts.signature() == null) {
      throw new InvalidUploadException(
          "signature-required",
          "signature",
          "owner '" + ownerId + "' has registered a key, so uploads must be signed");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(parts.signature().strip());
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("invalid-signature", "signature", "not base64");
    }
    byte[] message = ExpertSignatures.message(parts.manifestJson(), digest);
    for (OwnerKey key : keys) {
      if (ExpertSignatures.verifies(key.publicKey, message, signature)) {
        return;
      }
    }
    throw new InvalidUploadException(
        "invalid-signature",
        "signature",
        "no key of owner '" + ownerId + "' verifies the signature over the manifest and tensors");
  }
}
