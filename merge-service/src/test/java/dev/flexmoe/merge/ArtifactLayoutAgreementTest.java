package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.registryclient.ExpertFiles;
import dev.flexmoe.registryclient.PublicModelDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-kit downloads without libs/model, so it restates the artifact layout: a public model's
 * digest and an expert's file names must stay what libs/model (and so the registry and {@code
 * flexmoe inspect}) says they are.
 */
class ArtifactLayoutAgreementTest {

  @Test
  void expertFilesAreNamedAsLibsModelNamesThem() {
    assertThat(ExpertFiles.MANIFEST).isEqualTo(ExpertArtifact.MANIFEST);
    assertThat(ExpertFiles.WEIGHTS).isEqualTo(ExpertArtifact.WEIGHTS);
    assertThat(ExpertFiles.SIGNATURE).isEqualTo(ExpertSignatures.SIGNATURE);
  }

  @Test
  void downloadsAreCheckedWithTheDigestOfTheCheckpoint(@TempDir Path dir) throws IOException {
    Map<String, String> contents =
        Map.of(
            HfCheckpoint.CONFIG, "{\"model_type\":\"flex_olmo\"}",
            HfCheckpoint.WEIGHTS, "weights",
            HfCheckpoint.TOKENIZER, "{\"model\":{}}");
    for (Map.Entry<String, String> file : contents.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }

    Map<String, String> sha256ByName =
        Map.of(
            HfCheckpoint.CONFIG, Digests.sha256(dir.resolve(HfCheckpoint.CONFIG)),
            HfCheckpoint.WEIGHTS, Digests.sha256(dir.resolve(HfCheckpoint.WEIGHTS)),
            HfCheckpoint.TOKENIZER, Digests.sha256(dir.resolve(HfCheckpoint.TOKENIZER)));

    assertThat(PublicModelDigest.of(sha256ByName)).isEqualTo(HfCheckpoint.digest(dir));
  }
}
