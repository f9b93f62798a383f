package dev.flexmoe.reproduce;

import dev.flexmoe.model.artifact.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content-addressed pipeline steps: a step's output lives in {@code <name>-<key>}, where the key
 * hashes the step's name and the identities of everything it depends on (input files, settings,
 * earlier steps' keys). A finished step is reused; an interrupted one starts again (training steps
 * resume from their checkpoints), so a rerun continues where the last one stopped.
 */
final class StepCache {

  /** A step's work: write its output to {@code out} (which does not exist yet). */
  interface Body {
    void run(Path out, Path checkpoints) throws Exception;
  }

  /** A finished step: where its output is and its identity for the steps that use it. */
  record Step(String name, String key, Path out, boolean reused, double seconds) {}

  private static final String COMPLETE = ".complete";

  private final Path root;
  private final List<Step> steps = new ArrayList<>();

  StepCache(Path root) {
    this.root = root;
  }

  Step run(String name, List<String> inputs, Body body) {
    String key =
        Digests.sha256((name + "\n" + String.join("\n", inputs)).getBytes(StandardCharsets.UTF_8))
            .substring(0, 16);
    Path dir = root.resolve(name + "-" + key);
    Path out = dir.resolve("out");
    if (Files.exists(dir.resolve(COMPLETE))) {
      Step step = new Step(name, key, out, true, 0);
      steps.add(step);
      return step;
    }
    long start = System.nanoTime();
    Path staging = root.resolve("." + name + "-" + key + ".partial");
    try {
      deleteTree(staging);
      Files.createDirectories(staging);
      Path checkpoints = root.resolve("checkpoints").resolve(name + "-" + key);
      body.run(staging.resolve("out"), checkpoints);
      Files.writeString(staging.resolve(COMPLETE), key + "\n");
      deleteTree(dir);
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(checkpoints);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("step " + name + " failed: " + e.getMessage(), e);
    }
    Step step = new Step(name, key, out, false, (System.nanoTime() - start) / 1e9);
    steps.add(step);
    return step;
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
