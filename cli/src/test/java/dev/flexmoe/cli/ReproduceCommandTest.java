package dev.flexmoe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.eval.TokenLogProbs;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flexmoe reproduce --scale micro} on the shipped FlexMix-lite sample: the whole pipeline in
 * a few minutes. At this scale the numbers mean little, so the test asserts only what must hold at
 * any scale.
 */
class ReproduceCommandTest {

  private static final Path SAMPLE = Path.of("../data/flexmix-lite-sample");
  private static final List<String> EXPERTS =
      List.of("news", "creative", "code", "academic", "math", "educational", "forum");

  @TempDir Path dir;

  @Test
  void microReproductionRunsEveryStepAndKeepsTheMethodsPromises() throws Exception {
    Path work = dir.resolve("work");
    Path results = dir.resolve("results");

    Cli.Run run =
        Cli.run("reproduce --scale micro --data %s --work %s --out %s", SAMPLE, work, results);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String file :
        List.of(
            "README.md",
            "table.md",
            "table.csv",
            "table.png",
            "optout.md",
            "k.md",
            "routing.md",
            "routing.png",
            "differences.md",
            "differences.csv",
            "optout-differences.md",
            "router-init.md",
            "router-init.png",
            "mixed.md",
            "mixed.png",
            "mixed-differences.md",
            "four-experts.md",
            "four-experts.png",
            "four-experts-differences.md")) {
      assertThat(results.resolve(file)).as(file).isNotEmptyFile();
    }
    // Every system but FlexOlmo against FlexOlmo, each interval around its estimate.
    List<String> differences = Files.readAllLines(results.resolve("differences.csv"));
    assertThat(differences).hasSize(24); // the header and 23 systems
    assertThat(differences).noneMatch(line -> line.startsWith("FlexOlmo (bias dropped),"));
    for (String line : differences.subList(1, differences.size())) {
      String[] cells = line.split(",");
      for (int c = 1; c + 2 < cells.length; c += 3) {
        double estimate = Double.parseDouble(cells[c]);
        assertThat(estimate)
            .as(line)
            .isBetween(Double.parseDouble(cells[c + 1]), Double.parseDouble(cells[c + 2]));
      }
    }
    List<String> steps = completedSteps(work);
    assertThat(steps)
        .contains(
            "tokenizer",
            "public",
            "merge-flexolmo",
            "no-coordination",
            "unrestricted-moe",
            "router-tuned",
            "proxy",
            "soup-uniform",
            "soup-uniform-ffn",
            "merge-flexolmo-four",
            "soup-uniform-four");
    for (String domain : EXPERTS) {
      assertThat(steps)
          .contains(
              "expert-" + domain,
              "dense-" + domain,
              "dense-all-" + domain,
              "eval-single-" + domain);
    }

    List<String> csv = Files.readAllLines(results.resolve("table.csv"));
    List<String> header = List.of(csv.get(0).split(","));
    double[] publicRow = numbers(row(csv, "public model"), header);
    for (String domain : EXPERTS) {
      double[] expert = numbers(row(csv, "expert: " + domain), header);
      int column = header.indexOf(domain);
      assertThat(expert[column])
          .as("the %s expert beats the public model on %s", domain, domain)
          .isLessThan(publicRow[column]);
    }

    // The four-expert table shows the full FlexOlmo with the main table's numbers.
    List<String> four = Files.readAllLines(results.resolve("four-experts.csv"));
    List<String> fourHeader = List.of(four.get(0).split(","));
    double[] full = numbers(row(csv, "FlexOlmo (bias dropped)"), header);
    double[] fullInFour = numbers(row(four, "FlexOlmo (all 7 experts; k = 4)"), fourHeader);
    for (String domain : List.of("public", "news", "code", "math")) {
      assertThat(fullInFour[fourHeader.indexOf(domain)])
          .as(domain)
          .isEqualTo(full[header.indexOf(domain)]);
    }
    assertThat(Files.readAllLines(results.resolve("four-experts-differences.csv")))
        .hasSize(7); // the header and 6 systems against the four-expert FlexOlmo

    assertEveryExpertOffEqualsThePublicModel(work);

    // A rerun reuses every step.
    Cli.Run again =
        Cli.run(
            "reproduce --scale micro --data %s --work %s --out %s",
            SAMPLE, work, dir.resolve("again"));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("running ");
  }

  /** The merged model with every expert switched off scores exactly like the public model. */
  private static void assertEveryExpertOffEqualsThePublicModel(Path work) throws Exception {
    Path merged = stepOut(work, "merge-flexolmo");
    Path publicModel = stepOut(work, "public");
    Path validation = stepOut(work, "validation");
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER))) {
      FlexOlmoModel flexOlmo = new FlexOlmoModel(HfCheckpoint.read(merged, manager));
      FlexOlmoModel dense = new FlexOlmoModel(HfCheckpoint.read(publicModel, manager));
      int experts = flexOlmo.config().numExperts();
      Forward allOff =
          Forward.defaults().withRouterBias(false).withMask(ExpertMask.only(experts, List.of()));
      for (String domain : List.of("public", "code")) {
        List<EncodedDocument> documents =
            TokenizedCorpus.of(Corpus.read(validation.resolve(domain + ".jsonl")), tokenizer)
                .documents();
        int start = (int) tokenizer.eosId();
        List<float[]> off = TokenLogProbs.of(flexOlmo, documents, start, allOff);
        List<float[]> base = TokenLogProbs.of(dense, documents, start, Forward.defaults());
        for (int d = 0; d < documents.size(); d++) {
          assertThat(off.get(d)).as("%s document %d", domain, d).containsExactly(base.get(d));
        }
      }
    }
  }

  private static List<String> completedSteps(Path work) throws Exception {
    try (Stream<Path> children = Files.list(work)) {
      return children
          .filter(child -> Files.exists(child.resolve(".complete")))
          .map(child -> child.getFileName().toString().replaceFirst("-[0-9a-f]{16}$", ""))
          .toList();
    }
  }

  private static Path stepOut(Path work, String name) throws Exception {
    try (Stream<Path> children = Files.list(work)) {
      return children
          .filter(child -> child.getFileName().toString().matches(name + "-[0-9a-f]{16}"))
          .findFirst()
          .orElseThrow()
          .resolve("out");
    }
  }

  private static String row(List<String> csv, String system) {
    return csv.stream()
        .filter(line -> line.startsWith(system + ","))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + system));
  }

  private static double[] numbers(String line, List<String> header) {
    String[] fields = line.split(",");
    double[] values = new double[header.size()];
    for (int i = 1; i < fields.length && i < header.size(); i++) {
      try {
        values[i] = Double.parseDouble(fields[i]);
      } catch (NumberFormatException e) {
        values[i] = Double.NaN;
      }
    }
    return values;
  }
}
