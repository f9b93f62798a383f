package dev.flexmoe.registryclient;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Public models and expert artifacts fetched from the registry by digest, each re-checked after
 * download and cached by digest. While the registry is unreachable, a fetch is retried for some
 * minutes before it fails.
 */
@ApplicationScoped
@Retry(
    maxRetries = 30,
    delay = 2,
    delayUnit = ChronoUnit.SECONDS,
    maxDuration = 5,
    durationUnit = ChronoUnit.MINUTES,
    retryOn = RegistryUnavailableException.class)
public class ArtifactStore {

  @Inject RegistryClient registry;

  @Inject ArtifactCache cache;

  /** The registered public model with this digest, if there is one. */
  public Optional<PublicModelInfo> publicModel(String digest) {
    return registry.publicModels().stream()
        .filter(model -> model.digest().equals(digest))
        .findFirst();
  }

  /**
   * The public model's checkpoint directory, downloaded if not cached. Every file is checked
   * against its listed SHA-256 and the whole against the model's digest ({@link
   * PublicModelDigest}), from the hashes taken while downloading: a large checkpoint is read once.
   */
  public Path publicModelDir(PublicModelInfo model) {
    String key = "public-" + model.digest();
    Optional<Path> cached = cache.lookup(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Path staged = cache.stage();
    try {
      Map<String, String> sha256ByName = new HashMap<>();
      for (PublicModelInfo.File file : model.files()) {
        String path =
            "/api/v1/public-models/"
                + RegistryClient.segment(model.id())
                + "/files/"
                + RegistryClient.segment(file.name());
        String sha256 = registry.download(path, staged.resolve(file.name()));
        if (!sha256.equals(file.sha256())) {
          throw new CorruptDownloadException(
              "public model "
                  + model.name()
                  + "'s "
                  + file.name()
                  + " arrived with SHA-256 "
                  + sha256
                  + ", not "
                  + file.sha256());
        }
        sha256ByName.put(file.name(), sha256);
      }
      String digest = PublicModelDigest.of(sha256ByName);
      if (!digest.equals(model.digest())) {
        throw new CorruptDownloadException(
            "public model "
                + model.name()
                + " arrived with digest "
                + digest
                + ", not "
                + model.digest());
      }
      return cache.admit(key, staged);
    } catch (RuntimeException e) {
      cache.discard(staged);
      throw e;
    }
  }

  /**
   * An expert's files, from the cache when its digest is there, else downloaded: the tensors are
   * cached only when they hash to {@code artifactDigest}; otherwise the download is handed over
   * uncached, for validation to report.
   */
  public ExpertFiles expert(String expertId, String artifactDigest) {
    String key = "expert-" + artifactDigest;
    Optional<Path> cached = cache.lookup(key);
    if (cached.isPresent()) {
      return new ExpertFiles(cached.get(), true, cache);
    }
    Path staged = cache.stage();
    try {
      String base = "/api/v1/experts/" + RegistryClient.segment(expertId);
      registry.download(
          base + "/files/" + ExpertFiles.MANIFEST, staged.resolve(ExpertFiles.MANIFEST));
      try {
        registry.download(
            base + "/files/" + ExpertFiles.SIGNATURE, staged.resolve(ExpertFiles.SIGNATURE));
      } catch (RegistryMissingException unsigned) {
        Files.deleteIfExists(staged.resolve(ExpertFiles.SIGNATURE));
      }
      String sha256 = registry.download(base + "/artifact", staged.resolve(ExpertFiles.WEIGHTS));
      if (!sha256.equals(artifactDigest)) {
        return new ExpertFiles(staged, false, cache);
      }
      return new ExpertFiles(cache.admit(key, staged), true, cache);
    } catch (IOException e) {
      cache.discard(staged);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      cache.discard(staged);
      throw e;
    }
  }

  /** The owner's registered public keys (X.509), which a signature must verify under. */
  public List<byte[]> ownerKeys(String ownerId) {
    List<byte[]> keys = new ArrayList<>();
    for (JsonNode key :
        registry.json("/api/v1/owners/" + RegistryClient.segment(ownerId) + "/keys")) {
      keys.add(Base64.getDecoder().decode(key.path("publicKey").asText()));
    }
    return keys;
  }
}
