package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.HfCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe export-hf}: a checkpoint as a plain Hugging Face FlexOlmo checkpoint. */
@Command(
    name = "export-hf",
    description = {
      "Copy a checkpoint as a plain Hugging Face FlexOlmo checkpoint (config.json,"
          + " model.safetensors, tokenizer.json), without flexmoe's model-version manifest and"
          + " router bias."
    })
final class ExportHfCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint.")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "HF checkpoint.")
  Path out;

  @Override
  public Integer call() {
    HfCopy.Result copy = HfCopy.copy(model, out);
    spec.commandLine()
        .getOut()
        .printf(
            "exported %s to %s (%d experts, top-%d)%n  digest %s%n",
            model,
            out,
            copy.config().numExperts(),
            copy.config().numExpertsPerTok(),
            HfCheckpoint.digest(out));
    if (copy.droppedRouterBias()) {
      spec.commandLine()
          .getErr()
          .println(
              "note: the router bias kept at merge is not exported (HF FlexOlmo has none);"
                  + " the exported model routes as 'flexmoe eval --no-router-bias' does");
    }
    return 0;
  }
}
