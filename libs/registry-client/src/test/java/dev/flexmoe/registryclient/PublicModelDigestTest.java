package dev.flexmoe.registryclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicModelDigestTest {

  private static final String ONES = "1".repeat(64);
  private static final String TWOS = "2".repeat(64);

  @Test
  void isTheSha256OfTheSortedNameAndHashLines() {
    // printf 'config.json 11..1\nmodel.safetensors 22..2\n' | sha256sum
    assertThat(PublicModelDigest.of(Map.of("model.safetensors", TWOS, "config.json", ONES)))
        .isEqualTo("b712980b1f98716e23252ee34616e5590989a107c577bcaed2bb8021fdfd5126");
  }

  @Test
  void doesNotDependOnTheOrderTheFilesArrivedIn() {
    Map<String, String> weightsFirst = new LinkedHashMap<>();
    weightsFirst.put("model.safetensors", TWOS);
    weightsFirst.put("config.json", ONES);
    Map<String, String> configFirst = new LinkedHashMap<>();
    configFirst.put("config.json", ONES);
    configFirst.put("model.safetensors", TWOS);

    assertThat(PublicModelDigest.of(weightsFirst)).isEqualTo(PublicModelDigest.of(configFirst));
  }

  @Test
  void changesWithAnyFilesHash() {
    assertThat(PublicModelDigest.of(Map.of("model.safetensors", TWOS)))
        .isEqualTo("6655841407cfee28bf0d5cd107bd4a1633e054b1d253dd68d3f8fe3697ce9cac")
        .isNotEqualTo(PublicModelDigest.of(Map.of("model.safetensors", ONES)));
  }
}
