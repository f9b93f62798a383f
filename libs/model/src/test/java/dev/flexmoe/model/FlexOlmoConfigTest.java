package dev.flexmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlexOlmoConfigTest {

  @Test
  void thePapersSevenBillionShapeHasItsParameterCounts() {
    // FlexOlmo 7x7B: 8 experts (public + 7), top-4: 37.6B total, 20.3B active (docs/method.md).
    FlexOlmoConfig flexOlmo = FlexOlmoConfig.olmo2_7b().withExperts(8, 4);

    assertThat(flexOlmo.totalParameters() / 1e9).isCloseTo(37.6, offset(0.05));
    assertThat(flexOlmo.activeParameters() / 1e9).isCloseTo(20.3, offset(0.05));
    assertThat(flexOlmo.headDim()).isEqualTo(128);
  }

  @Test
  void parameterCountsMatchTheInitializedTensors() {
    try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      FlexOlmoConfig config = FlexOlmoConfig.micro(100).withExperts(3, 2);
      ModelWeights weights = ModelWeights.initialize(config, manager, 1);

      assertThat(weights.parameterCount()).isEqualTo(config.totalParameters());
      assertThat(weights.tensors().keySet()).isEqualTo(TensorShapes.of(config).keySet());
    }
  }

  @Test
  void configJsonRoundTripsAndReadsHfVariants(@TempDir Path dir) throws Exception {
    FlexOlmoConfig config = FlexOlmoConfig.tiny(4096).withExperts(8, 2).withEosTokenId(0);
    config.write(dir.resolve("config.json"));

    assertThat(FlexOlmoConfig.read(dir.resolve("config.json"))).isEqualTo(config);

    ObjectNode hf = (ObjectNode) new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    hf.remove("rope_theta"); // newer transformers keep it in rope_parameters only
    hf.remove("num_experts");
    hf.put("num_local_experts", 8);
    hf.set("eos_token_id", new ObjectMapper().createArrayNode().add(0).add(1));
    hf.put("unknown_future_key", "ignored");
    assertThat(FlexOlmoConfig.fromJson(hf)).isEqualTo(config);
  }

  @Test
  void invalidConfigsAreRefusedWithTheKeyNamed() {
    ObjectNode json = FlexOlmoConfig.micro(100).toJson();
    json.put("model_type", "llama");
    assertThatThrownBy(() -> FlexOlmoConfig.fromJson(json))
        .hasMessageContaining("model_type must be 'flex_olmo'");

    ObjectNode noHidden = FlexOlmoConfig.micro(100).toJson();
    noHidden.remove("hidden_size");
    assertThatThrownBy(() -> FlexOlmoConfig.fromJson(noHidden))
        .hasMessageContaining("'hidden_size'");

    ObjectNode gelu = FlexOlmoConfig.micro(100).toJson();
    gelu.put("hidden_act", "gelu");
    assertThatThrownBy(() -> FlexOlmoConfig.fromJson(gelu))
        .hasMessageContaining("hidden_act 'gelu'");

    assertThatThrownBy(() -> FlexOlmoConfig.micro(100).withExperts(2, 3))
        .hasMessageContaining("num_experts_per_tok 3 > num_experts 2");
    assertThatThrownBy(() -> FlexOlmoConfig.preset("huge", 100))
        .hasMessageContaining("unknown preset 'huge'");
  }
}
