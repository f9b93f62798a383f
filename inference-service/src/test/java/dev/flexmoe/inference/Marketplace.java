package dev.flexmoe.inference;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.ExpertArtifact;
import java.nio.file.Path;
import java.util.List;

/**
 * The starting state, set up as the other services would leave it: the public model and two experts
 * uploaded to the registry (news by alice, code by bob), version 1 of {@code micro-public} holding
 * both, news OPEN, code OFF, and the tenant acme.
 */
record Marketplace(
    Path publicDir,
    String publicDigest,
    ExpertArtifact news,
    String newsId,
    ExpertArtifact code,
    String codeId) {

  static final String MODEL = "micro-public";

  static Marketplace open() {
    Path publicDir = MicroModels.publicModel();
    ExpertArtifact news = MicroModels.expert("news", "alice");
    ExpertArtifact code = MicroModels.expert("code", "bob");
    String publicDigest = Calls.registerPublicModel(MODEL, publicDir);
    String newsId = Calls.uploadExpert("alice", news);
    String codeId = Calls.uploadExpert("bob", code);
    Marketplace marketplace = new Marketplace(publicDir, publicDigest, news, newsId, code, codeId);
    marketplace.publish(1);
    Calls.policy(newsId, ExpertPolicy.State.OPEN, List.of(), null, 1);
    Calls.policy(codeId, ExpertPolicy.State.OFF, List.of(), null, 1);
    Calls.tenantGrants("acme", List.of("research"), false, 1);
    return marketplace;
  }

  /** Publishes version {@code number} of both experts, as the merge service does. */
  void publish(long number) {
    Calls.send(
        TopicCatalog.MODEL_VERSIONS.name(),
        MODEL,
        CloudEvent.of(
            "/flexmoe/merge-service",
            new ModelVersionPublished(
                MODEL,
                number,
                publicDigest,
                List.of(
                    new ModelVersionPublished.Expert(newsId, news.digest(), 1),
                    new ModelVersionPublished.Expert(codeId, code.digest(), 2)),
                2,
                null)));
  }

  /** Publishes version {@code number} naming an expert the registry does not have. */
  void publishBroken(long number) {
    Calls.send(
        TopicCatalog.MODEL_VERSIONS.name(),
        MODEL,
        CloudEvent.of(
            "/flexmoe/merge-service",
            new ModelVersionPublished(
                MODEL,
                number,
                publicDigest,
                List.of(new ModelVersionPublished.Expert("no-such-expert", "ab".repeat(32), 1)),
                2,
                null)));
  }
}
