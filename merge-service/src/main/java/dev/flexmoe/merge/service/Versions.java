package dev.flexmoe.merge.service;

import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.merge.domain.ExpertStatus;
import dev.flexmoe.merge.domain.ModelVersion;
import dev.flexmoe.merge.domain.TrackedExpert;
import dev.flexmoe.merge.domain.VersionMember;
import dev.flexmoe.merge.domain.VersionStatus;
import dev.flexmoe.merge.domain.VersionTrigger;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.servicekit.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes, publishes and rolls back model versions. A version is written with its event in one
 * transaction (the outbox), so a crash can neither lose a published version's event nor publish a
 * number twice; numbers only grow, and the latest published one is what the topic says to serve.
 */
@ApplicationScoped
public class Versions {

  @Inject Outbox outbox;

  @Inject MeterRegistry meters;

  @ConfigProperty(name = "merge.auto-publish")
  boolean autoPublish;

  @ConfigProperty(name = "merge.top-k")
  int topK;

  /**
   * The next version of the model a change-waiting anchor serves, if it is due: at once when an
   * expert in it was withdrawn, else when the newest validation is older than the debounce window
   * or enough experts wait.
   */
  @Transactional
  public Optional<ModelVersion> planDue(
      String anchorDigest, Duration debounce, int maxPending, Instant now) {
    List<TrackedExpert> waiting = TrackedExpert.waiting(anchorDigest);
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    List<TrackedExpert> joining =
        waiting.stream().filter(expert -> expert.state == ExpertStatus.VALIDATED).toList();
    boolean withdrawal = joining.size() < waiting.size();
    Instant newest =
        joining.stream().map(expert -> expert.decidedAt).max(Instant::compareTo).orElse(now);
    if (!withdrawal && joining.size() < maxPending && now.isBefore(newest.plus(debounce))) {
      return Optional.empty();
    }
    String modelName = waiting.get(0).modelName;
    Optional<ModelVersion> latest = ModelVersion.latest(modelName);
    List<VersionMember> members = new ArrayList<>();
    latest.ifPresent(version -> members.addAll(stillIn(version.experts)));
    joining.forEach(
        expert ->
            members.add(new VersionMember(expert.expertId, expert.artifactDigest, expert.domain)));
    waiting.forEach(expert -> expert.needsMerge = false);
    ModelVersion version =
        create(
            modelName,
            anchorDigest,
            members,
            Math.min(topK, members.size() + 1),
            withdrawal ? VersionTrigger.WITHDRAWAL : VersionTrigger.REGISTRATION,
            null);
    if (autoPublish) {
      announce(version);
    }
    return Optional.of(version);
  }

  /** Publishes a candidate (approval mode); it must be newer than the version served now. */
  @Transactional
  public ModelVersion publish(String modelName, long number) {
    ModelVersion version = find(modelName, number);
    if (version.status == VersionStatus.PUBLISHED) {
      throw new ConflictException(
          "already-published", null, modelName + " version " + number + " is published already");
    }
    Optional<ModelVersion> served = ModelVersion.served(modelName);
    if (served.isPresent() && served.get().number > number) {
      throw new ConflictException(
          "superseded",
          null,
          modelName + " version " + served.get().number + " is served, newer than " + number);
    }
    refuseWithdrawn(version);
    announce(version);
    return version;
  }

  /**
   * A new version, published at once, whose contents equal {@code toVersion}'s: numbers only grow,
   * so consumers of the compacted topic always serve its latest record.
   */
  @Transactional
  public ModelVersion rollback(String modelName, long toVersion) {
    ModelVersion target = find(modelName, toVersion);
    if (target.status != VersionStatus.PUBLISHED) {
      throw new ConflictException(
          "not-published",
          "toVersion",
          modelName + " version " + toVersion + " was never published, so it cannot be restored");
    }
    refuseWithdrawn(target);
    ModelVersion version =
        create(
            modelName,
            target.publicDigest,
            copies(target.experts),
            target.topK,
            VersionTrigger.ROLLBACK,
            toVersion);
    announce(version);
    return version;
  }

  @Transactional
  public ModelVersion find(String modelName, long number) {
    return ModelVersion.find(modelName, number)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "version-not-found", null, modelName + " has no version " + number));
  }

  static boolean contains(ModelVersion version, String expertId) {
    return version.experts.stream().anyMatch(member -> member.expertId.equals(expertId));
  }

  private ModelVersion create(
      String modelName,
      String publicDigest,
      List<VersionMember> members,
      int k,
      VersionTrigger trigger,
      Long rolledBackFrom) {
    ModelVersion version = new ModelVersion();
    version.modelName = modelName;
    version.number = ModelVersion.latest(modelName).map(latest -> latest.number + 1).orElse(1L);
    version.publicDigest = publicDigest;
    version.topK = k;
    version.trigger = trigger;
    version.status = VersionStatus.CANDIDATE;
    version.rolledBackFrom = rolledBackFrom;
    version.createdAt = Instant.now();
    version.experts = members;
    version.persist();
    return version;
  }

  /** Marks the version published and writes its event, in the caller's transaction. */
  private void announce(ModelVersion version) {
    Set<String> servedBefore = new HashSet<>();
    ModelVersion.served(version.modelName)
        .ifPresent(served -> served.experts.forEach(member -> servedBefore.add(member.expertId)));
    version.status = VersionStatus.PUBLISHED;
    version.publishedAt = Instant.now();
    List<ModelVersionPublished.Expert> experts = new ArrayList<>();
    for (int i = 0; i < version.experts.size(); i++) {
      VersionMember member = version.experts.get(i);
      experts.add(new ModelVersionPublished.Expert(member.expertId, member.artifactDigest, i + 1));
    }
    outbox.publish(
        new ModelVersionPublished(
            version.modelName,
            version.number,
            version.publicDigest,
            experts,
            version.topK,
            VersionManifests.digest(manifest(version))));
    meters.counter("merge.versions.published", "trigger", version.trigger.name()).increment();
    for (VersionMember member : version.experts) {
      TrackedExpert expert = TrackedExpert.findById(member.expertId);
      if (!servedBefore.contains(member.expertId) && expert != null) {
        meters
            .timer("merge.registration.to.published.seconds")
            .record(Duration.between(expert.registeredAt, version.publishedAt));
      }
    }
  }

  /** The version's manifest, as its export carries it. */
  static ModelVersionManifest manifest(ModelVersion version) {
    List<ModelVersionManifest.Expert> experts = new ArrayList<>();
    for (int i = 0; i < version.experts.size(); i++) {
      VersionMember member = version.experts.get(i);
      experts.add(new ModelVersionManifest.Expert(member.domain, member.artifactDigest, i + 1));
    }
    return new ModelVersionManifest(
        ModelVersionManifest.FORMAT_VERSION,
        version.modelName,
        version.number,
        version.publicDigest,
        experts,
        version.topK,
        false);
  }

  private static void refuseWithdrawn(ModelVersion version) {
    for (VersionMember member : version.experts) {
      TrackedExpert expert = TrackedExpert.findById(member.expertId);
      if (expert != null && expert.state == ExpertStatus.WITHDRAWN) {
        throw new ConflictException(
            "withdrawn-expert",
            null,
            version.modelName
                + " version "
                + version.number
                + " holds expert "
                + member.expertId
                + ", which its owner withdrew");
      }
    }
  }

  /** The members of the latest version whose experts were not withdrawn since, in order. */
  private static List<VersionMember> stillIn(List<VersionMember> members) {
    return copies(
        members.stream()
            .filter(
                member -> {
                  TrackedExpert expert = TrackedExpert.findById(member.expertId);
                  return expert == null || expert.state != ExpertStatus.WITHDRAWN;
                })
            .toList());
  }

  /** Fresh rows of the same experts, in order, for a new version to own. */
  private static List<VersionMember> copies(List<VersionMember> members) {
    List<VersionMember> copies = new ArrayList<>();
    members.forEach(
        member ->
            copies.add(new VersionMember(member.expertId, member.artifactDigest, member.domain)));
    return copies;
  }
}
