package dev.flexmoe.merge;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.TopicCatalog;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Registrations that no upload would let through, written straight into the registry's database and
 * blob store, then announced as the registry announces an upload: what the merge service must catch
 * even when the registry was bypassed or its storage altered.
 */
final class ForgedRegistrations {

  private ForgedRegistrations() {}

  /**
   * Registers {@code artifact}'s manifest with {@code tensors} as its blob, under the digest {@code
   * claimedDigest} and against the registered public model {@code anchorDigest}, with {@code
   * signature} (null for none); returns the expert's id.
   */
  static String register(
      Topics topics,
      Path artifact,
      byte[] tensors,
      String claimedDigest,
      String anchorDigest,
      String signature)
      throws Exception {
    Platform.RegistryInternals registry = Platform.registryInternals;
    ExpertManifest manifest = ExpertArtifact.open(artifact).manifest();
    byte[] manifestBytes = Files.readAllBytes(artifact.resolve(ExpertArtifact.MANIFEST));
    Path blob =
        registry
            .blobs()
            .resolve("sha256")
            .resolve(claimedDigest.substring(0, 2))
            .resolve(claimedDigest);
    Files.createDirectories(blob.getParent());
    Files.write(blob, tensors);
    String id = UUID.randomUUID().toString();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection =
            DriverManager.getConnection(registry.jdbcUrl(), registry.user(), registry.password());
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into expert (id, owner_id, domain, artifact_digest, anchor_digest,"
                    + " artifact_bytes, format_version, manifest, signed, signature, state,"
                    + " created_at, updated_at, version)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?, ?, 0)")) {
      insert.setObject(1, UUID.fromString(id));
      insert.setString(2, manifest.owner());
      insert.setString(3, manifest.domain());
      insert.setString(4, claimedDigest);
      insert.setString(5, anchorDigest);
      insert.setLong(6, tensors.length);
      insert.setInt(7, manifest.formatVersion());
      insert.setBytes(8, manifestBytes);
      insert.setBoolean(9, signature != null);
      insert.setString(10, signature);
      insert.setTimestamp(11, now);
      insert.setTimestamp(12, now);
      insert.executeUpdate();
    }
    CloudEvent<ExpertRegistered> registered =
        CloudEvent.of(
            "/flexmoe/expert-registry",
            new ExpertRegistered(
                id,
                manifest.owner(),
                manifest.domain(),
                claimedDigest,
                anchorDigest,
                (long) tensors.length,
                manifest.formatVersion()));
    topics.send(TopicCatalog.EXPERTS.name(), id, CloudEventCodec.encode(registered));
    return id;
  }

  /** The artifact as it is, unsigned, under its own digest and its manifest's anchor. */
  static String register(Topics topics, Path artifact) throws Exception {
    byte[] tensors = Files.readAllBytes(artifact.resolve(ExpertArtifact.WEIGHTS));
    return register(
        topics,
        artifact,
        tensors,
        Digests.sha256(tensors),
        ExpertArtifact.open(artifact).manifest().anchorDigest(),
        null);
  }
}
