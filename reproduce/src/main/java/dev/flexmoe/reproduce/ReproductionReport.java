package dev.flexmoe.reproduce;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The results directory's {@code README.md}: how the results were made (command, machine, revision,
 * time per step), how to read them, and the tables and charts themselves.
 */
public final class ReproductionReport {

  private ReproductionReport() {}

  /** Writes the tables, charts and the README; returns the README's path. */
  public static Path write(
      Reproduction.Outcome outcome,
      Scale scale,
      String command,
      String revision,
      double seconds,
      Path out)
      throws IOException {
    ResultsWriter writer = new ResultsWriter(out);
    writer.write(outcome.table(), outcome.optOut(), outcome.topK(), outcome.routing());
    writer.write("router-init", outcome.routerInit());
    writer.write("differences", outcome.differences());
    writer.write("mixed", outcome.mixed());
    writer.write("mixed-differences", outcome.mixedDifferences());
    writer.write("four-experts", outcome.fourExperts());
    writer.write("four-experts-differences", outcome.fourExpertDifferences());
    writer.write("optout-differences", outcome.optOutDifferences());
    StringBuilder readme = new StringBuilder();
    readme.append("# FlexMix-lite reproduction, scale ").append(scale.name()).append("\n\n");
    readme.append("- Command: `").append(command).append("`\n");
    readme.append("- Machine: ").append(machine()).append('\n');
    readme.append("- Revision: ").append(revision).append('\n');
    readme
        .append("- Finished: ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append('\n');
    readme.append(
        String.format(
            Locale.ROOT,
            "- Duration: %.1f min (steps run now: %d, reused from an earlier run: %d)%n",
            seconds / 60,
            outcome.steps().stream().filter(step -> !step.reused()).count(),
            outcome.steps().stream().filter(StepCache.Step::reused).count()));
    readme.append(
        String.format(
            Locale.ROOT,
            "- Scale: preset %s, vocabulary %d, batch %d; steps: public %d, each expert %d, each dense"
                + " model %d (%.1f%% of the public model's tokens), router tuning %d; peak learning"
                + " rate public %s, experts and dense models %s; %d bytes of validation text per"
                + " domain, in passages of at most %d bytes; k = %d; training products in %s%n%n",
            scale.preset(),
            scale.vocabSize(),
            scale.batchSize(),
            scale.publicSteps(),
            scale.expertSteps(),
            scale.denseSteps(),
            100.0 * scale.expertSteps() / scale.publicSteps(),
            scale.routerSteps(),
            scale.publicLearningRate(),
            scale.expertLearningRate(),
            scale.validationBytes(),
            scale.passageBytes(),
            scale.topK(),
            scale.precision().name().toLowerCase(Locale.ROOT)));
    readme.append(LEGEND);
    readme.append("\n## Main table (bits per byte, lower is better)\n\n");
    readme.append(Files.readString(out.resolve("table.md"))).append("\n![main table](table.png)\n");
    readme.append("\n## Each system against FlexOlmo (paired, 95% intervals)\n\n");
    readme.append(Files.readString(out.resolve("differences.md")));
    readme.append("\n## Mixed-domain windows\n\n");
    readme.append(
        String.format(
            Locale.ROOT,
            "Windows of %d tokens of one domain's passage followed by %d of another's, up to %d per"
                + " ordered pair of domains (%d windows): per-document routing must commit on the"
                + " first domain's prefix, per-token routing need not. Bits per byte on the first"
                + " domain's tokens after the %d-token prefix and on the second domain's tokens.%n%n",
            MixedWindows.HALF,
            MixedWindows.HALF,
            MixedWindows.PER_PAIR,
            outcome.mixedDifferences().rows().get(0).average().units(),
            ValidationSet.PREFIX_TOKENS));
    readme
        .append(Files.readString(out.resolve("mixed.md")))
        .append("\n![mixed-domain windows](mixed.png)\n\n");
    readme.append(Files.readString(out.resolve("mixed-differences.md")));
    readme.append("\n## Four experts, k = 4\n\n");
    readme.append(
        String.format(
            Locale.ROOT,
            "FlexOlmo of the public model and the %s experts, all four active per token, against"
                + " the baselines made of the same domains' dense models (all parameters), on those"
                + " domains and the public corpus.%n%n",
            String.join(", ", FourExperts.DOMAINS)));
    readme
        .append(Files.readString(out.resolve("four-experts.md")))
        .append("\n![four experts](four-experts.png)\n\n");
    readme.append(Files.readString(out.resolve("four-experts-differences.md")));
    readme.append("\n## Router initialization (every expert trained again from each)\n\n");
    readme
        .append(Files.readString(out.resolve("router-init.md")))
        .append("\n![router initialization](router-init.png)\n");
    readme.append("\n## Opt-out: each expert switched off\n\n");
    readme.append(Files.readString(out.resolve("optout.md"))).append("\n![opt-out](optout.png)\n");
    readme.append("\nEach expert switched off against the full model (paired, 95% intervals):\n\n");
    readme.append(Files.readString(out.resolve("optout-differences.md")));
    readme.append("\n## Active experts per token (k)\n\n");
    readme.append(Files.readString(out.resolve("k.md"))).append("\n![k](k.png)\n");
    readme.append("\n## Routing: share of each domain's tokens per expert\n\n");
    readme
        .append(Files.readString(out.resolve("routing.md")))
        .append("\n![routing](routing.png)\n");
    readme.append("\n## Steps\n\n| step | seconds | reused |\n|---|---|---|\n");
    for (StepCache.Step step : outcome.steps()) {
      readme.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %s |%n",
              step.name(),
              step.seconds(),
              step.reused() ? "yes" : ""));
    }
    Path file = out.resolve("README.md");
    Files.writeString(file, readme);
    return file;
  }

  private static final String LEGEND =
      """
        ## How to read it

        Every number is **bits per byte** on a domain's validation text: the model's negative
        log-likelihood in bits divided by the text's UTF-8 length. Every system is scored on the
        same tokens: each document's tokens after its first 32, the prefix on which the
        per-document baselines choose their models (the prefix is context for all, scored for
        none; shorter documents are left out). Lower is better, and unlike
        perplexity it does not depend on the tokenizer. Columns are the eight FlexMix-lite domains
        (the public corpus and seven closed domains); "average" is their unweighted mean, "vs public"
        the relative improvement of that average over the public model.

        Rows: the public model; each expert in its own 2-expert model (public + it); model soups of
        the public and the dense domain models (uniform, and weighted per document by each model's
        likelihood of the document's first 32 tokens); BTM (per document, the two most likely of
        those dense models, their token probabilities mixed); classifier routing (per document, the
        single most likely dense model). The dense domain models are the public model continued on
        one domain with all its parameters, as in the paper; the rows marked [FFN-only dense] are
        the same baselines made of dense models that trained their FFNs alone. No coordination:
        those FFN-only dense FFNs merged as MoE experts, router rows from the domain embeddings.
        FlexOlmo, merged with no training, with the experts' train-time router bias dropped or
        kept, with every expert trained again from another router initialization (random rows; an
        external n-gram TF-IDF encoder; the domain embedding minus the public one), and after
        router tuning on a proxy set (the public passages each domain's classifier finds most like
        the domain, plus as many random public passages); and an unrestricted MoE trained jointly
        on all domains with the training FLOPs of all expert runs together. Opt-out rows are
        FlexOlmo (bias dropped) with one expert switched off.
        """;

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException ignored) {
      // not Linux: the JVM's own description below still says enough
    }
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %s %s, Java %s, PyTorch %s (%s intra-op threads)",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        Engine.getInstance().getVersion(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"));
  }

  /** The source revision of the code that is about to run: take it before the run starts. */
  public static String revision() {
    try {
      Process git =
          new ProcessBuilder(List.of("git", "rev-parse", "--short", "HEAD"))
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0) {
        Process status =
            new ProcessBuilder(List.of("git", "status", "--porcelain", "--untracked-files=no"))
                .start();
        boolean dirty = !new String(status.getInputStream().readAllBytes()).isBlank();
        return out + (dirty ? " (with uncommitted changes)" : "");
      }
    } catch (IOException e) {
      return "unknown (no git)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
