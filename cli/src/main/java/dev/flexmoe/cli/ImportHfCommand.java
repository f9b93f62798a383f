package dev.flexmoe.cli;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.HfCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe import-hf}: a Hugging Face FlexOlmo checkpoint, checked and taken in. */
@Command(
    name = "import-hf",
    description = {
      "Read a Hugging Face FlexOlmo checkpoint strictly (every tensor of its config, with its"
          + " shape, finite, float32 or float16; a tokenizer.json that fits) and write it as a"
          + " flexmoe checkpoint."
    })
final class ImportHfCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "HF checkpoint.")
  Path from;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint.")
  Path out;

  @Override
  public Integer call() {
    if (!Files.exists(from.resolve(HfCheckpoint.WEIGHTS))
        && Files.exists(from.resolve(HfCheckpoint.WEIGHTS + ".index.json"))) {
      throw new IllegalArgumentException(
          from + " holds a sharded checkpoint; join the shards into one " + HfCheckpoint.WEIGHTS);
    }
    FlexOlmoConfig config = HfCopy.copy(from, out).config();
    spec.commandLine()
        .getOut()
        .printf(
            "imported %s to %s: %s%n  digest %s%n",
            from,
            out,
            config.numExperts() == 1
                ? "a public model (experts can be trained against it)"
                : "a model with "
                    + config.numExperts()
                    + " experts, top-"
                    + config.numExpertsPerTok(),
            HfCheckpoint.digest(out));
    return 0;
  }
}
