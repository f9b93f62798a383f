package dev.flexmoe.model.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flexmoe.model.artifact.TensorFiles;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Saves and restores a {@link TrainingRun}: the trainable tensors, the optimizer's moments, the
 * step and the loss history. Restored onto the same starting model, data and settings, the run
 * continues exactly as if it had never stopped.
 *
 * <p>Layout: {@code dir/step-NNNNNNN/} with {@code trainables.safetensors}, {@code
 * optimizer.safetensors} and {@code state.json}; each appears complete or not at all, and only the
 * newest is kept.
 */
public final class Checkpoint {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PREFIX = "step-";

  private Checkpoint() {}

  /** What {@code state.json} holds. */
  public record State(
      int step, long optimizerSteps, List<Double> losses, TrainingSettings settings) {}

  public static Path save(TrainingRun run, Path dir) {
    Path target = dir.resolve(String.format("%s%07d", PREFIX, run.step()));
    Path staging = dir.resolve("." + target.getFileName() + ".partial");
    try {
      Files.createDirectories(staging);
      Map<String, NDArray> trainables = new LinkedHashMap<>();
      run.trainables().forEach(trainable -> trainables.put(trainable.name(), trainable.tensor()));
      TensorFiles.write(trainables, Map.of(), staging.resolve("trainables.safetensors"));
      Map<String, NDArray> moments = new LinkedHashMap<>();
      run.optimizer().firstMoments().forEach((name, m) -> moments.put("m/" + name, m));
      run.optimizer().secondMoments().forEach((name, v) -> moments.put("v/" + name, v));
      TensorFiles.write(moments, Map.of(), staging.resolve("optimizer.safetensors"));
      JSON.writeValue(
          staging.resolve("state.json").toFile(),
          new State(run.step(), run.optimizer().steps(), run.losses(), run.settings()));
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      for (Path older : checkpoints(dir)) {
        if (!older.equals(target)) {
          deleteTree(older);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
    }
  }

  /** The newest checkpoint in {@code dir}, if any. */
  public static java.util.Optional<Path> latest(Path dir) {
    return checkpoints(dir).stream().max(Comparator.naturalOrder());
  }

  /**
   * Restores a run from a checkpoint. The run must have been built like the saved one: same
   * trainables (names and shapes) and the same settings.
   */
  public static void restore(TrainingRun run, Path checkpoint) {
    try {
      State state = JSON.readValue(checkpoint.resolve("state.json").toFile(), State.class);
      if (!state.settings().equals(run.settings())) {
        throw new IllegalArgumentException(
            "the checkpoint was made with other settings: "
                + state.settings()
                + " vs "
                + run.settings());
      }
      SafetensorsFile trainables = TensorFiles.read(checkpoint.resolve("trainables.safetensors"));
      for (Trainable trainable : run.trainables()) {
        trainable.tensor().set(trainables.tensor(trainable.name()).toFloatArray());
      }
      SafetensorsFile moments = TensorFiles.read(checkpoint.resolve("optimizer.safetensors"));
      Map<String, float[]> first = new LinkedHashMap<>();
      Map<String, float[]> second = new LinkedHashMap<>();
      for (Trainable trainable : run.trainables()) {
        first.put(trainable.name(), moments.tensor("m/" + trainable.name()).toFloatArray());
        second.put(trainable.name(), moments.tensor("v/" + trainable.name()).toFloatArray());
      }
      run.optimizer().restore(first, second, state.optimizerSteps());
      run.restore(state.step(), state.losses());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    }
  }

  private static List<Path> checkpoints(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return new ArrayList<>(
          children
              .filter(child -> child.getFileName().toString().matches(PREFIX + "\\d{7}"))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
