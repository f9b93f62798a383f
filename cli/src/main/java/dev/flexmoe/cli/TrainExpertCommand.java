package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TrainExpert;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flexmoe train expert}: one data owner's expert, trained against the public model. */
@Command(
    name = "expert",
    description = {
      "Train an expert on one owner's data against the frozen public model and write the expert"
          + " artifact (the expert's weights and a manifest; never the data)."
    })
final class TrainExpertCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PublicModelOption publicModel;

  @Mixin TrainingPaths paths;

  @Option(
      names = "--validation",
      paramLabel = "PATH",
      description = "Held-out text of the same domain; its bits per byte go into the manifest.")
  Path validation;

  @Option(
      names = "--domain",
      required = true,
      paramLabel = "NAME",
      description = "The expert's name: letters, digits, '.', '_', '-' (e.g. math, news).")
  String domain;

  @Option(names = "--owner", paramLabel = "NAME", description = "The data owner, for the manifest.")
  String owner;

  @Mixin TrainingOptions training;

  @Override
  public Integer call() {
    if (!ExpertManifest.isValidDomain(domain)) {
      throw new ParameterException(
          spec.commandLine(),
          "--domain '"
              + domain
              + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (validation != null) {
      Corpus.read(validation); // it is scored after training: a bad path must fail before
    }
    ExpertArtifact artifact =
        training.run(
            domain,
            paths.out,
            (settings, checkpoints, progress) ->
                TrainExpert.run(
                    publicModel.dir,
                    paths.corpus,
                    validation,
                    domain,
                    owner,
                    settings,
                    paths.out,
                    checkpoints,
                    progress));
    Map<String, Double> metrics = artifact.manifest().metrics();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote expert '%s' to %s%n", domain, artifact.dir());
    stdout.printf("  digest      %s%n", artifact.digest());
    stdout.printf("  anchor      %s%n", artifact.manifest().anchorDigest());
    stdout.printf(Locale.ROOT, "  train loss  %.4f%n", metrics.get("trainLoss"));
    if (metrics.containsKey("validationBitsPerByte")) {
      stdout.printf(
          Locale.ROOT,
          "  validation  %.4f bits/byte (public model: %.4f)%n",
          metrics.get("validationBitsPerByte"),
          metrics.get("publicValidationBitsPerByte"));
    }
    stdout.printf("  checkpoints %s%n", training.checkpointsOf(paths.out));
    return 0;
  }
}
