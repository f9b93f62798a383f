package dev.flexmoe.registry.service;

import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.registry.domain.Expert;
import dev.flexmoe.registry.domain.ExpertState;
import dev.flexmoe.registry.domain.ModelVersionExpert;
import dev.flexmoe.registry.domain.StateChange;
import dev.flexmoe.servicekit.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every change of an expert's state, each in one transaction with its history row and, where the
 * change is news for other services, its outbox event.
 */
@ApplicationScoped
public class ExpertLifecycle {

  private static final Logger LOG = Logger.getLogger(ExpertLifecycle.class);

  @Inject Outbox outbox;

  @Inject Event<BlobReleased> blobReleased;

  /** Registers a validated upload as a new SUBMITTED expert and announces it. */
  @Transactional
  public Expert register(ValidatedUpload upload, String ownerId) {
    Instant now = Instant.now();
    Expert expert = new Expert();
    expert.id = UUID.randomUUID();
    expert.ownerId = ownerId;
    expert.domain = upload.manifest().domain();
    expert.artifactDigest = upload.artifactDigest();
    expert.anchorDigest = upload.manifest().anchorDigest();
    expert.artifactBytes = upload.artifactBytes();
    expert.formatVersion = upload.manifest().formatVersion();
    expert.manifest = upload.manifestJson();
    expert.signed = upload.signed();
    expert.signature = upload.signature();
    expert.state = ExpertState.SUBMITTED;
    expert.createdAt = now;
    expert.updatedAt = now;
    expert.persist();
    record(expert, null, ExpertState.SUBMITTED, ownerId, "registered");
    outbox.publish(
        new ExpertRegistered(
            expert.id.toString(),
            ownerId,
            expert.domain,
            expert.artifactDigest,
            expert.anchorDigest,
            expert.artifactBytes,
            expert.formatVersion));
    return expert;
  }

  /**
   * The owner withdraws an expert: it leaves every future model version. Its artifact is removed
   * unless the latest version of some model still contains it.
   *
   * @throws NotPermittedException when {@code actor} is not the expert's owner
   */
  @Transactional
  public Expert withdraw(UUID expertId, String actor, String reason) {
    Expert expert = Expert.findById(expertId);
    if (!expert.ownerId.equals(actor)) {
      throw new NotPermittedException("not-owner", "only the expert's owner may withdraw it");
    }
    if (expert.state == ExpertState.WITHDRAWN) {
      return expert;
    }
    move(expert, ExpertState.WITHDRAWN, actor, reason);
    outbox.publish(new ExpertWithdrawn(expert.id.toString(), expert.ownerId, reason));
    if (!ModelVersionExpert.refersTo(expert.id)) {
      blobReleased.fire(new BlobReleased(expert.artifactDigest));
    }
    return expert;
  }

  /** The merge service accepted the expert. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void validated(ExpertValidated event, String actor) {
    Expert expert = expertOf(event.expertId(), event.artifactDigest());
    moveIfAllowed(expert, ExpertState.VALIDATED, actor, "validated");
    // The two topics are consumed independently: a version holding the expert may have arrived
    // first, while the expert was still SUBMITTED and could not become ACTIVE.
    if (expert.state == ExpertState.VALIDATED && ModelVersionExpert.refersTo(expert.id)) {
      moveIfAllowed(expert, ExpertState.ACTIVE, actor, "in a published version");
    }
  }

  /** The merge service refused the expert; the reasons go into its history. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void rejected(ExpertRejected event, String actor) {
    Expert expert = expertOf(event.expertId(), event.artifactDigest());
    String reasons =
        event.reasons().stream()
            .map(reason -> reason.code() + ": " + reason.message())
            .collect(Collectors.joining("; "));
    moveIfAllowed(expert, ExpertState.REJECTED, actor, reasons);
  }

  /**
   * A model version was published: its experts become ACTIVE, and it replaces the model's earlier
   * version as what keeps artifacts alive. An older version arriving late changes nothing.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void published(ModelVersionPublished event, String actor) {
    List<ModelVersionExpert> current = ModelVersionExpert.list("modelName", event.modelName());
    if (current.stream().anyMatch(row -> row.version >= event.version())) {
      return;
    }
    Set<UUID> before = current.stream().map(row -> row.expertId).collect(Collectors.toSet());
    ModelVersionExpert.delete("modelName", event.modelName());
    ModelVersionExpert.flush();
    Set<UUID> now = new HashSet<>();
    for (ModelVersionPublished.Expert member : event.experts()) {
      Expert expert = expertOf(member.expertId(), member.artifactDigest());
      ModelVersionExpert row = new ModelVersionExpert();
      row.modelName = event.modelName();
      row.expertId = expert.id;
      row.version = event.version();
      row.persist();
      now.add(expert.id);
      moveIfAllowed(
          expert,
          ExpertState.ACTIVE,
          actor,
          "in " + event.modelName() + " version " + event.version());
    }
    ModelVersionExpert.flush();
    for (UUID left : before) {
      Expert expert = Expert.findById(left);
      if (!now.contains(left)
          && expert.state == ExpertState.WITHDRAWN
          && !ModelVersionExpert.refersTo(left)) {
        blobReleased.fire(new BlobReleased(expert.artifactDigest));
      }
    }
  }

  /**
   * The expert an event names, locked for the rest of the transaction. Verdicts and versions are
   * consumed on threads of their own: without the lock, a version's transaction and the expert's
   * validation could each miss the other's uncommitted change and leave it VALIDATED in a published
   * version, never ACTIVE.
   */
  private static Expert expertOf(String expertId, String artifactDigest) {
    UUID id;
    try {
      id = UUID.fromString(expertId);
    } catch (IllegalArgumentException e) {
      throw new UnknownExpertException("expertId '" + expertId + "' is not a registry id");
    }
    Expert expert = Expert.findById(id, LockModeType.PESSIMISTIC_WRITE);
    if (expert == null) {
      throw new UnknownExpertException("no expert " + expertId + " is registered");
    }
    if (!expert.artifactDigest.equals(artifactDigest)) {
      throw new UnknownExpertException(
          "expert "
              + expertId
              + " has artifact "
              + expert.artifactDigest
              + ", the event names "
              + artifactDigest);
    }
    return expert;
  }

  /**
   * Moves the expert when its lifecycle allows it. Staying in the state is a repeat and changes
   * nothing; any other refused move (say, validation of a withdrawn expert) lost a race with the
   * owner, and the owner's decision stands.
   */
  private void moveIfAllowed(Expert expert, ExpertState to, String actor, String reason) {
    if (expert.state == to) {
      return;
    }
    if (!expert.state.canMoveTo(to)) {
      LOG.infof("expert %s stays %s (event would move it to %s)", expert.id, expert.state, to);
      return;
    }
    move(expert, to, actor, reason);
  }

  private void move(Expert expert, ExpertState to, String actor, String reason) {
    ExpertState from = expert.state;
    expert.state = to;
    expert.updatedAt = Instant.now();
    record(expert, from, to, actor, reason);
  }

  private static void record(
      Expert expert, ExpertState from, ExpertState to, String actor, String reason) {
    StateChange change = new StateChange();
    change.expertId = expert.id;
    change.fromState = from;
    change.toState = to;
    change.actor = actor;
    change.reason = reason;
    change.changedAt = expert.updatedAt;
    change.persist();
  }
}
