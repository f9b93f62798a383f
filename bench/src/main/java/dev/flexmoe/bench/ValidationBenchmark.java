package dev.flexmoe.bench;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.validation.ExpertValidator;
import dev.flexmoe.model.validation.Metric;
import dev.flexmoe.model.validation.Submission;
import dev.flexmoe.model.validation.ValidationReport;
import dev.flexmoe.model.validation.ValidationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seconds to validate one expert artifact against its anchor (no version served yet), whole and
 * without the probe gate, against the irreducible cost of that gate: one scoring forward pass of
 * the merged model over the same probe tokens, measured in the same run. Prints a Markdown report.
 */
@Command(
    name = "validation-bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks expert validation; prints a Markdown report.")
public final class ValidationBenchmark implements Callable<Integer> {

  /** A registered digest no artifact has: integrity fails, so every check but the probe runs. */
  private static final String OTHER_DIGEST = "0".repeat(64);

  @Option(
      names = "--presets",
      split = ",",
      description = "Model presets (default: ${DEFAULT-VALUE}).")
  List<String> presets = List.of("micro", "tiny");

  @Option(names = "--vocab", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
  int vocab = 4096;

  @Option(
      names = "--runs",
      description = "Measured runs per figure, after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(
      names = "--probe-tolerance",
      description =
          "Bits per byte the merged model may lose on the probe (default: the validator's, 0.1).")
  double probeTolerance = ValidationSettings.defaults().probeTolerance();

  public static void main(String[] args) {
    System.exit(new CommandLine(new ValidationBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    ValidationSettings defaults = ValidationSettings.defaults();
    ValidationSettings settings =
        new ValidationSettings(
            defaults.normFactor(), defaults.cosineFloor(), probeTolerance, defaults.probeTokens());
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "Vocab %d, probe %d random tokens in context-long documents, probe tolerance %.3f bits"
                + " per byte; median (p50) and max of %d runs after 1 warm-up; %s.%n%n",
            vocab,
            settings.probeTokens(),
            probeTolerance,
            runs,
            Measure.runtime()));
    report.append(
        "| preset | validation p50 / max (s) | without the probe p50 / max (s) | baseline:"
            + " 1 forward p50 / max (s) | validation / baseline | outcome |\n");
    report.append("|---|---|---|---|---|---|\n");
    Path root = Files.createTempDirectory("validation-bench");
    try {
      for (String preset : presets) {
        report.append(row(preset, settings, root.resolve(preset)));
      }
    } finally {
      PathUtils.deleteDirectory(root);
    }
    report.append(
        "\nWithout the probe: the same validation with a registered digest the artifact does not"
            + " have, so every other check runs and the probe is skipped. The probe gate scores the"
            + " probe twice (the public model, then the merged one) after merging.\n");
    System.out.print(report);
    return 0;
  }

  private String row(String preset, ValidationSettings settings, Path dir) {
    FlexOlmoConfig config = FlexOlmoConfig.preset(preset, vocab);
    try (NDManager manager = NDManager.newBaseManager()) {
      ValidationInputs inputs = new ValidationInputs(config, settings.probeTokens(), dir, manager);
      ExpertValidator validator = new ExpertValidator(settings);
      Submission submission = Submission.fromDirectory(inputs.artifact, List.of());
      String digest = Digests.sha256(inputs.artifact.resolve(ExpertArtifact.WEIGHTS));
      ValidationReport[] last = new ValidationReport[1];
      double[] whole =
          Measure.sortedSeconds(
              1,
              runs,
              () -> last[0] = validator.validate(inputs.anchor, submission, digest, inputs.probe));
      double[] structural =
          Measure.sortedSeconds(
              1,
              runs,
              () -> validator.validate(inputs.anchor, submission, OTHER_DIGEST, inputs.probe));
      ModelWeights merged =
          Merger.merge(
              inputs.anchor.weights(),
              List.of(inputs.expert),
              List.of(ValidationInputs.DOMAIN),
              2,
              false,
              manager);
      FlexOlmoModel model = new FlexOlmoModel(merged);
      double[] baseline =
          Measure.sortedSeconds(
              1,
              runs,
              () ->
                  BitsPerByte.evaluate(
                      model,
                      inputs.probe.documents(),
                      inputs.probe.startToken(),
                      Forward.defaults()));
      return String.format(
          Locale.ROOT,
          "| %s (d %d, %d layers, FFN %d) | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.2fx | %s |%n",
          preset,
          config.hiddenSize(),
          config.numHiddenLayers(),
          config.intermediateSize(),
          p50(whole),
          max(whole),
          p50(structural),
          max(structural),
          p50(baseline),
          max(baseline),
          p50(whole) / p50(baseline),
          outcome(last[0]));
    }
  }

  private static String outcome(ValidationReport report) {
    String probe =
        String.format(
            Locale.ROOT,
            "probe %.4f -> %.4f bits/byte over %.0f tokens",
            report.metric(Metric.PROBE_BITS_PER_BYTE_WITHOUT).orElse(Double.NaN),
            report.metric(Metric.PROBE_BITS_PER_BYTE_WITH).orElse(Double.NaN),
            report.metric(Metric.PROBE_TOKENS).orElse(Double.NaN));
    return (report.passed() ? "passed" : "refused " + report.codes()) + ", " + probe;
  }

  private static double p50(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static double max(double[] sorted) {
    return sorted[sorted.length - 1];
  }
}
