package dev.flexmoe.merge.service;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.merge.domain.ModelVersion;
import dev.flexmoe.merge.domain.VersionMember;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.validation.CurrentVersion;
import dev.flexmoe.model.validation.ExpertValidator;
import dev.flexmoe.model.validation.FindingCode;
import dev.flexmoe.model.validation.Submission;
import dev.flexmoe.model.validation.ValidationSettings;
import dev.flexmoe.registryclient.ArtifactStore;
import dev.flexmoe.registryclient.ExpertFiles;
import dev.flexmoe.registryclient.PublicModelInfo;
import dev.flexmoe.registryclient.RegistryMissingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ExpertRegistered → a verdict: the artifact and its anchor are fetched by digest and checked
 * against the anchor and the version served now, collecting every failure. The check runs outside
 * any transaction (it takes seconds); its outcome is recorded in one, with its event.
 */
@ApplicationScoped
public class Validations {

  @Inject ArtifactStore store;

  @Inject Anchors anchors;

  @Inject Verdicts verdicts;

  @Inject MeterRegistry meters;

  @ConfigProperty(name = "merge.validation.norm-factor")
  double normFactor;

  @ConfigProperty(name = "merge.validation.cosine-floor")
  double cosineFloor;

  @ConfigProperty(name = "merge.validation.probe-tolerance")
  double probeTolerance;

  @ConfigProperty(name = "merge.validation.probe-tokens")
  int probeTokens;

  /**
   * Validates a registration once: a redelivered event, or an expert decided before, is skipped.
   */
  public void onRegistered(CloudEvent<?> event, ExpertRegistered registered) {
    if (verdicts.decidedBefore(event.id(), registered.expertId())) {
      verdicts.skip(event);
      return;
    }
    Timer.Sample timing = Timer.start(meters);
    Optional<PublicModelInfo> anchor = store.publicModel(registered.anchorDigest());
    ReportDocument report =
        anchor.isPresent() ? check(registered, anchor.get()) : unknownAnchor(registered);
    timing.stop(meters.timer("merge.validation.seconds"));
    verdicts.record(event, registered, anchor.map(PublicModelInfo::name).orElse(null), report);
  }

  private ReportDocument check(ExpertRegistered registered, PublicModelInfo anchorInfo) {
    LoadedAnchor anchor = anchors.load(anchorInfo);
    List<byte[]> keys = store.ownerKeys(registered.ownerId());
    try (ExpertFiles files = store.expert(registered.expertId(), registered.artifactDigest());
        NDManager manager = NDManager.newBaseManager()) {
      CurrentVersion current = servedVersion(anchorInfo.name(), anchor, manager);
      return ReportDocument.of(
          new ExpertValidator(settings())
              .validate(
                  anchor.model(),
                  Submission.fromDirectory(files.dir(), keys),
                  registered.artifactDigest(),
                  current,
                  anchor.probe()));
    } catch (RegistryMissingException e) {
      return ReportDocument.refusedUnchecked(
          registered.artifactDigest(),
          new ReportDocument.Item(
              FindingCode.UNREADABLE.code(),
              "expert.safetensors",
              "the registry has no artifact for this expert: " + e.getMessage()));
    }
  }

  /** The experts of the version served now, loaded, or null when none is served yet. */
  private CurrentVersion servedVersion(String modelName, LoadedAnchor anchor, NDManager manager) {
    Optional<ModelVersion> served =
        QuarkusTransaction.requiringNew().call(() -> ModelVersion.served(modelName));
    if (served.isEmpty()) {
      return null;
    }
    List<ExpertWeights> experts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (VersionMember member : served.get().experts) {
      try (ExpertFiles files = store.expert(member.expertId, member.artifactDigest)) {
        experts.add(
            ExpertArtifact.open(files.dir()).weights(anchor.model().weights().config(), manager));
        names.add(member.domain);
      }
    }
    return new CurrentVersion(experts, names, served.get().topK);
  }

  private static ReportDocument unknownAnchor(ExpertRegistered registered) {
    return ReportDocument.refusedUnchecked(
        registered.artifactDigest(),
        new ReportDocument.Item(
            FindingCode.ANCHOR_MISMATCH.code(),
            "anchorDigest",
            registered.anchorDigest() + " is not a registered public model"));
  }

  private ValidationSettings settings() {
    return new ValidationSettings(normFactor, cosineFloor, probeTolerance, probeTokens);
  }
}
