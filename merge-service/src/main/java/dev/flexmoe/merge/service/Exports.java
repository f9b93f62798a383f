package dev.flexmoe.merge.service;

import dev.flexmoe.merge.domain.ModelVersion;
import dev.flexmoe.merge.domain.VersionMember;
import dev.flexmoe.model.workflow.MergeModels;
import dev.flexmoe.registryclient.ArtifactCache;
import dev.flexmoe.registryclient.ArtifactStore;
import dev.flexmoe.registryclient.ExpertFiles;
import dev.flexmoe.registryclient.PublicModelInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A version as one Hugging Face FlexOlmo checkpoint in a tar: merged exactly as {@code flexmoe
 * merge} merges the same inputs, so the files are bit for bit the same. Versions never change, so
 * each tar is made once and cached.
 */
@ApplicationScoped
public class Exports {

  static final String FILE = "checkpoint.tar";

  @Inject Versions versions;

  @Inject ArtifactStore store;

  @Inject ArtifactCache cache;

  /** The tar of the version's checkpoint, its entries under {@code <model>-v<number>/}. */
  public Path export(String modelName, long number) {
    ModelVersion version =
        QuarkusTransaction.requiringNew().call(() -> versions.find(modelName, number));
    // Keyed by what the version holds, not by its name and number: another database (a fresh
    // install on the same disk) may give the same number to other experts.
    String key = "export-" + VersionManifests.digest(Versions.manifest(version));
    return cache.lookup(key).orElseGet(() -> cache.admit(key, build(version))).resolve(FILE);
  }

  private Path build(ModelVersion version) {
    PublicModelInfo publicModel =
        store
            .publicModel(version.publicDigest)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "public-model-gone",
                        null,
                        "the registry no longer has public model " + version.publicDigest));
    Path publicDir = store.publicModelDir(publicModel);
    Path staged = cache.stage();
    List<ExpertFiles> experts = new ArrayList<>();
    try {
      for (VersionMember member : version.experts) {
        experts.add(store.expert(member.expertId, member.artifactDigest));
      }
      Path checkpoint = staged.resolve(version.modelName + "-v" + version.number);
      MergeModels.run(
          publicDir,
          experts.stream().map(ExpertFiles::dir).toList(),
          version.modelName,
          version.number,
          version.topK,
          false,
          checkpoint);
      tar(checkpoint, staged.resolve(FILE));
      cache.discard(checkpoint);
      return staged;
    } catch (RuntimeException e) {
      cache.discard(staged);
      throw e;
    } finally {
      experts.forEach(ExpertFiles::close);
    }
  }

  /** A reproducible tar: entries in name order, with a fixed time and no owner. */
  private static void tar(Path dir, Path target) {
    try (OutputStream file = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file);
        Stream<Path> files = Files.list(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path path : files.sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(dir.getFileName() + "/" + path.getFileName());
        entry.setSize(Files.size(path));
        entry.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(entry);
        Files.copy(path, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export " + target, e);
    }
  }
}
