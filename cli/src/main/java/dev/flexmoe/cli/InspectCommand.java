package dev.flexmoe.cli;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flexmoe inspect}: what a checkpoint, an expert artifact or a safetensors file holds, read
 * through the same strict readers as everything else (a file that inspects cleanly also loads).
 */
@Command(
    name = "inspect",
    description = {
      "Describe a checkpoint directory, an expert artifact directory or a .safetensors file,"
          + " after reading it strictly."
    })
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "Checkpoint, expert artifact or .safetensors.")
  Path path;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.isDirectory(path) && Files.exists(path.resolve(HfCheckpoint.CONFIG))) {
      checkpoint(out);
    } else if (Files.isDirectory(path) && Files.exists(path.resolve(ExpertArtifact.MANIFEST))) {
      expert(out);
    } else if (Files.isRegularFile(path)) {
      safetensors(out);
    } else {
      throw new IllegalArgumentException(
          path
              + " is neither a checkpoint ("
              + HfCheckpoint.CONFIG
              + "), an expert artifact ("
              + ExpertArtifact.MANIFEST
              + ") nor a .safetensors file");
    }
    return 0;
  }

  private void checkpoint(PrintWriter out) {
    FlexOlmoConfig config;
    boolean routerBias;
    try (NDManager manager = NDManager.newBaseManager();
        ModelWeights weights = HfCheckpoint.read(path, manager)) {
      config = weights.config();
      routerBias = weights.contains(TensorNames.routerBias(0));
    }
    Optional<ModelVersionManifest> version = HfCheckpoint.modelVersion(path);
    out.printf("checkpoint  %s%n", path);
    out.printf(
        "model       %d layers, d %d, ffn %d, %d/%d heads, vocab %d, context %d%n",
        config.numHiddenLayers(),
        config.hiddenSize(),
        config.intermediateSize(),
        config.numAttentionHeads(),
        config.numKeyValueHeads(),
        config.vocabSize(),
        config.maxPositionEmbeddings());
    out.printf(
        "experts     %d, top-%d%s%n",
        config.numExperts(), config.numExpertsPerTok(), routerBias ? ", router bias kept" : "");
    out.printf(
        "parameters  %s total, %s active%n",
        TextTable.compact(config.totalParameters()), TextTable.compact(config.activeParameters()));
    out.printf("digest      %s%n", HfCheckpoint.digest(path));
    if (version.isPresent()) {
      ModelVersionManifest manifest = version.get();
      out.printf("version     %s v%d%n", manifest.name(), manifest.version());
      experts(manifest).print(out, 2);
    }
  }

  /** A model version's experts by router row, with their digests. */
  static TextTable experts(ModelVersionManifest manifest) {
    TextTable table = new TextTable(">row", "expert", "digest");
    table.row(0, "public", manifest.publicDigest());
    manifest
        .experts()
        .forEach(expert -> table.row(expert.routerRow(), expert.name(), expert.digest()));
    return table;
  }

  private void expert(PrintWriter out) {
    ExpertArtifact artifact = ExpertArtifact.open(path);
    ExpertManifest manifest = artifact.manifest();
    out.printf("expert      %s%n", path);
    out.printf("domain      %s%n", manifest.domain());
    out.printf("owner       %s%n", manifest.owner() == null ? "-" : manifest.owner());
    out.printf("digest      %s%n", artifact.digest());
    out.printf("anchor      %s%n", manifest.anchorDigest());
    out.printf(
        "model       %d layers, d %d, ffn %d%n",
        manifest.model().numHiddenLayers(),
        manifest.model().hiddenSize(),
        manifest.model().intermediateSize());
    out.printf("router bias %s%n", manifest.routerBias() ? "yes" : "no");
    out.printf("created     %s (format %d)%n", manifest.createdAt(), manifest.formatVersion());
    printNumbers(out, "data", manifest.data());
    printNumbers(out, "training", manifest.training());
    printNumbers(out, "metrics", manifest.metrics());
  }

  private static void printNumbers(PrintWriter out, String title, Map<String, ?> numbers) {
    if (numbers.isEmpty()) {
      return;
    }
    out.println(title);
    TextTable table = new TextTable("name", ">value");
    numbers.forEach((name, value) -> table.row(name, number(value)));
    table.print(out, 2);
  }

  private static String number(Object value) {
    if (value instanceof Double real) {
      return new BigDecimal(real).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private void safetensors(PrintWriter out) throws IOException {
    SafetensorsFile file = new SafetensorsReader().read(path);
    out.printf("safetensors %s%n", path);
    out.printf("tensors     %d%n", file.names().size());
    if (!file.metadata().isEmpty()) {
      out.println("metadata");
      TextTable metadata = new TextTable("key", "value");
      file.metadata().forEach(metadata::row);
      metadata.print(out, 2);
    }
    TextTable tensors = new TextTable("name", "dtype", "shape");
    for (SafetensorsTensor tensor : file.tensors()) {
      tensors.row(tensor.name(), tensor.dtype(), Arrays.toString(tensor.shape()));
    }
    tensors.print(out, 2);
  }
}
