package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.TensorShapes;
import dev.flexmoe.model.safetensors.SafetensorsFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Hugging Face FlexOlmo checkpoint directory: {@code config.json}, {@code model.safetensors} (HF
 * tensor names) and {@code tokenizer.json}. The public model is one (with one expert), and any
 * merged model exports as one. The train-time router bias has no place in HF checkpoints and is not
 * written.
 */
public final class HfCheckpoint {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String ROUTER_BIAS = "router_bias.safetensors";
  public static final String MODEL_VERSION = "model-version.json";

  private HfCheckpoint() {}

  /**
   * Writes a checkpoint; the directory appears complete or not at all (it is assembled beside the
   * target and renamed into place). An existing target is an error.
   */
  public static void write(ModelWeights weights, Path tokenizer, Path dir) {
    write(weights, tokenizer, null, dir);
  }

  /** Writes a merged model's checkpoint with its model-version manifest. */
  public static void write(
      ModelWeights weights, Path tokenizer, ModelVersionManifest version, Path dir) {
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists already; choose a new directory");
    }
    Path staging = dir.resolveSibling("." + dir.getFileName() + ".partial");
    try {
      Files.createDirectories(staging);
      weights.config().write(staging.resolve(CONFIG));
      Map<String, NDArray> hfTensors = new LinkedHashMap<>();
      TensorShapes.of(weights.config())
          .keySet()
          .forEach(name -> hfTensors.put(name, weights.get(name)));
      TensorFiles.write(hfTensors, Map.of("format", "pt"), staging.resolve(WEIGHTS));
      if (tokenizer != null) {
        Files.copy(tokenizer, staging.resolve(TOKENIZER));
      }
      Map<String, NDArray> biases = new LinkedHashMap<>();
      for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
        if (weights.contains(TensorNames.routerBias(layer))) {
          biases.put(TensorNames.routerBias(layer), weights.get(TensorNames.routerBias(layer)));
        }
      }
      if (!biases.isEmpty()) {
        TensorFiles.write(biases, Map.of(), staging.resolve(ROUTER_BIAS));
      }
      if (version != null) {
        version.write(staging.resolve(MODEL_VERSION));
      }
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  /** The config of a checkpoint. */
  public static FlexOlmoConfig config(Path dir) {
    Path config = dir.resolve(CONFIG);
    if (!Files.isRegularFile(config)) {
      throw new MergeException(dir + " is not a FlexOlmo checkpoint: it has no " + CONFIG);
    }
    return FlexOlmoConfig.read(config);
  }

  /**
   * Reads a checkpoint strictly: the weights must be exactly the tensors of its config, each with
   * its shape, finite, in float32 or float16.
   */
  public static ModelWeights read(Path dir, NDManager manager) {
    FlexOlmoConfig config = config(dir);
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    try {
      tensors.putAll(
          TensorFiles.load(
              TensorFiles.read(dir.resolve(WEIGHTS)),
              new TensorLayout(TensorShapes.of(config), Map.of()),
              dir.resolve(WEIGHTS).toString(),
              manager));
    } catch (SafetensorsFormatException e) {
      throw new MergeException(
          dir.resolve(WEIGHTS) + " is not a valid safetensors file: " + e.getMessage(), e);
    }
    Path biasFile = dir.resolve(ROUTER_BIAS);
    if (Files.exists(biasFile)) {
      Map<String, long[]> biasShapes = new LinkedHashMap<>();
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        biasShapes.put(TensorNames.routerBias(layer), new long[] {config.numExperts()});
      }
      try {
        tensors.putAll(
            TensorFiles.load(
                TensorFiles.read(biasFile),
                new TensorLayout(biasShapes, Map.of()),
                biasFile.toString(),
                manager));
      } catch (SafetensorsFormatException e) {
        throw new MergeException(
            biasFile + " is not a valid safetensors file: " + e.getMessage(), e);
      }
    }
    ModelWeights weights = ModelWeights.empty(config, manager);
    tensors.forEach(weights::put);
    return weights;
  }

  /** A merged model's manifest, if the checkpoint has one. */
  public static java.util.Optional<ModelVersionManifest> modelVersion(Path dir) {
    Path file = dir.resolve(MODEL_VERSION);
    return Files.exists(file)
        ? java.util.Optional.of(ModelVersionManifest.read(file))
        : java.util.Optional.empty();
  }

  /** The checkpoint's identity: SHA-256 over its files (see {@link Digests#ofFiles}). */
  public static String digest(Path dir) {
    return Files.exists(dir.resolve(TOKENIZER))
        ? Digests.ofFiles(dir, CONFIG, WEIGHTS, TOKENIZER)
        : Digests.ofFiles(dir, CONFIG, WEIGHTS);
  }
}
