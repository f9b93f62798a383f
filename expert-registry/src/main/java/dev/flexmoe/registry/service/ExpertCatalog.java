package dev.flexmoe.registry.service;

import dev.flexmoe.registry.domain.Expert;
import dev.flexmoe.registry.domain.ExpertState;
import dev.flexmoe.registry.domain.StateChange;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.storage.BlobStore;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The experts as a caller may see them: operators and services see every owner's, an owner only its
 * own; another owner's expert is reported as absent, so ids do not leak.
 */
@ApplicationScoped
public class ExpertCatalog {

  @Inject BlobStore blobs;

  /** What to list; a null field matches every expert. */
  public record Filter(String owner, String domain, ExpertState state, String anchorDigest) {}

  /** One page of experts, and how many match the filter in all. */
  public record Listing(List<Expert> experts, long total) {}

  /**
   * @throws ExpertNotFoundException when there is no such expert or the caller may not see it
   */
  public Expert visible(String id, Caller caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ExpertNotFoundException(id);
    }
    Expert expert = Expert.findById(uuid);
    if (expert == null || !caller.maySeeExpertsOf(expert.ownerId)) {
      throw new ExpertNotFoundException(id);
    }
    return expert;
  }

  /** Every state change of the expert, oldest first. */
  public List<StateChange> history(String id, Caller caller) {
    return StateChange.historyOf(visible(id, caller).id);
  }

  /**
   * Page {@code page} (from 0) of {@code size} experts, oldest first; an owner's listing is
   * restricted to its own experts.
   *
   * @throws NotPermittedException when an owner asks for another owner's experts
   */
  public Listing list(Filter filter, int page, int size, Caller caller) {
    String owner = filter.owner();
    if (!caller.seesEveryOwner()) {
      if (owner != null && !owner.equals(caller.id())) {
        throw new NotPermittedException("other-owner", "an owner can list only its own experts");
      }
      owner = caller.id();
    }
    PanacheQuery<Expert> query =
        Expert.filtered(owner, filter.domain(), filter.state(), filter.anchorDigest());
    return new Listing(query.page(page, size).list(), query.count());
  }

  /** The expert's {@code expert.json}, the bytes as uploaded. */
  public byte[] manifest(String id, Caller caller) {
    return visible(id, caller).manifest;
  }

  /**
   * The expert's {@code expert.sig}, the text as uploaded.
   *
   * @throws NoSignatureException when the expert was uploaded unsigned
   */
  public String signature(String id, Caller caller) {
    Expert expert = visible(id, caller);
    if (expert.signature == null) {
      throw new NoSignatureException(id);
    }
    return expert.signature;
  }

  /**
   * The expert's stored artifact.
   *
   * @throws ArtifactReleasedException when the expert was withdrawn and its blob deleted
   */
  public StoredArtifact artifact(String id, Caller caller) throws IOException {
    Expert expert = visible(id, caller);
    return blobs
        .find(expert.artifactDigest)
        .map(blob -> new StoredArtifact(expert.artifactDigest, blob))
        .orElseThrow(() -> new ArtifactReleasedException(id));
  }
}
