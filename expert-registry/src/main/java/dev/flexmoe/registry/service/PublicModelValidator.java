package dev.flexmoe.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.TensorShapes;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.registry.domain.PublicModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Judges a public model's upload before anything is stored: its name and claimed digest, the config
 * (a FlexOlmo with exactly one expert, read as {@code libs/model} reads checkpoints), the tokenizer
 * (its token ids within the config's vocabulary), the weights (read strictly, exactly the tensors
 * the config implies, each with its shape), and the digest computed over the files as {@link
 * HfCheckpoint#digest} computes it, which must be the claimed one.
 */
@ApplicationScoped
public class PublicModelValidator {

  static final String CONFIG = HfCheckpoint.CONFIG;
  static final String WEIGHTS = HfCheckpoint.WEIGHTS;
  static final String TOKENIZER = HfCheckpoint.TOKENIZER;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  @Inject ObjectMapper json;

  ValidatedPublicModel validate(PublicModelParts parts) {
    String name = parts.name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new MalformedRequestException(
          "invalid-name", "name", "name must be 1-128 letters, digits, '.', '_' or '-'");
    }
    if (parts.digest() == null || !SHA256.matcher(parts.digest()).matches()) {
      throw new MalformedRequestException(
          "invalid-digest", "digest", "digest must be a SHA-256 (64 lowercase hex digits)");
    }
    String configJson = text(parts.config());
    FlexOlmoConfig config = config(configJson);
    checkTokenizer(parts.tokenizer(), config);
    StrictTensors.check(
        new TensorLayout(TensorShapes.of(config), Map.of()),
        StrictTensors.read(parts.weights(), WEIGHTS),
        WEIGHTS);
    Map<String, ReceivedFile> files =
        Map.of(CONFIG, parts.config(), WEIGHTS, parts.weights(), TOKENIZER, parts.tokenizer());
    Map<String, String> sha256ByName = new HashMap<>();
    files.forEach((file, received) -> sha256ByName.put(file, received.sha256()));
    String digest = Digests.ofFileDigests(sha256ByName);
    if (!digest.equals(parts.digest())) {
      throw new InvalidUploadException(
          "digest-mismatch",
          "digest",
          "the claimed digest is " + parts.digest() + " but the files have digest " + digest);
    }
    checkNotRegistered(name, digest);
    return new ValidatedPublicModel(name, digest, config, configJson, files);
  }

  /**
   * @throws ConflictException when a public model with this name or digest is registered
   */
  void checkNotRegistered(String name, String digest) {
    if (PublicModel.count("name", name) > 0) {
      throw new ConflictException(
          "already-registered",
          "name",
          "a public model named '" + name + "' is registered already");
    }
    if (PublicModel.count("digest", digest) > 0) {
      throw new ConflictException(
          "already-registered",
          "digest",
          "a public model with digest " + digest + " is registered");
    }
  }

  private FlexOlmoConfig config(String configJson) {
    JsonNode node;
    try {
      node = json.readTree(configJson);
    } catch (IOException e) {
      throw new MalformedRequestException("invalid-config", CONFIG, "not JSON: " + e.getMessage());
    }
    String modelType = node.path("model_type").asText("");
    if (!modelType.equals("flex_olmo")) {
      throw new InvalidUploadException(
          "not-a-public-model",
          CONFIG + "/model_type",
          "model_type is '" + modelType + "'; a public model is a FlexOlmo ('flex_olmo')");
    }
    FlexOlmoConfig config;
    try {
      config = FlexOlmoConfig.fromJson(node);
    } catch (RuntimeException e) {
      throw new InvalidUploadException("invalid-config", CONFIG, e.getMessage());
    }
    if (config.numExperts() != 1) {
      throw new InvalidUploadException(
          "not-a-public-model",
          CONFIG + "/num_experts",
          "the model has "
              + config.numExperts()
              + " experts; a public model has exactly one (merged models are not anchors)");
    }
    return config;
  }

  /** A tokenizer whose ids the model cannot embed would fail at the first request, not here. */
  private void checkTokenizer(ReceivedFile tokenizer, FlexOlmoConfig config) {
    JsonNode node;
    try {
      node = json.readTree(tokenizer.file().toFile());
    } catch (IOException e) {
      throw new MalformedRequestException(
          "invalid-tokenizer", TOKENIZER, "not JSON: " + e.getMessage());
    }
    JsonNode vocab = node.path("model").path("vocab");
    if (!vocab.isObject() || vocab.isEmpty()) {
      throw new InvalidUploadException(
          "invalid-tokenizer", TOKENIZER + "/model/vocab", "the tokenizer has no vocabulary");
    }
    for (Iterator<Map.Entry<String, JsonNode>> tokens = vocab.fields(); tokens.hasNext(); ) {
      Map.Entry<String, JsonNode> token = tokens.next();
      JsonNode id = token.getValue();
      if (!id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= config.vocabSize()) {
        throw new InvalidUploadException(
            "invalid-tokenizer",
            TOKENIZER + "/model/vocab",
            "token '"
                + token.getKey()
                + "' has id "
                + id
                + ", outside the model's vocabulary of "
                + config.vocabSize());
      }
    }
  }

  private static String text(ReceivedFile file) {
    try {
      return Files.readString(file.file(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MalformedRequestException("invalid-config", CONFIG, "not UTF-8 text");
    }
  }
}
