package dev.flexmoe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user makes on the command line: each is one line on stderr, starting with {@code
 * flexmoe:}, and an exit code that says whose the mistake was (2: the command line, 1: the files or
 * values it names). Mistakes that need trained models are in {@link EndToEndTest}.
 */
class UserMistakesTest {

  @TempDir static Path dir;

  static Path corpus;
  static Path tokenizer;
  static Path never;

  @BeforeAll
  static void writeACorpusAndTokenizer() throws IOException {
    corpus =
        SyntheticCorpus.write(dir.resolve("corpus"), 4, seed -> SyntheticCorpus.prose(8, seed));
    tokenizer = dir.resolve("tokenizer.json");
    never = dir.resolve("never");
    Cli.Run run =
        Cli.run("tokenizer train --corpus %s --vocab-size 280 --out %s", corpus, tokenizer);
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  @Test
  void aMissingCorpusFile() {
    Path missing = dir.resolve("no-such-corpus.txt");

    Cli.Run tokenizerRun =
        Cli.run(
            "tokenizer train --corpus %s --vocab-size 300 --out %s",
            missing, dir.resolve("t.json"));
    Cli.Run trainRun =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --steps 3 --out %s",
            missing, tokenizer, never);

    assertOneLine(tokenizerRun, 1, "flexmoe: no such file or directory: " + missing);
    assertOneLine(trainRun, 1, "flexmoe: no such file or directory: " + missing);
    assertThat(never).doesNotExist();
  }

  @Test
  void anUnknownPreset() {
    Cli.Run run =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset huge --steps 3 --out %s",
            corpus, tokenizer, never);

    assertOneLine(
        run,
        2,
        "flexmoe: Invalid value for option '--preset': expected one of [micro, tiny, small]");
  }

  @Test
  void anUnknownPrecision() {
    Cli.Run run =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --steps 3 --precision fp8"
                + " --out %s",
            corpus, tokenizer, never);

    assertOneLine(
        run,
        2,
        "flexmoe: Invalid value for option '--precision': expected one of [FLOAT32, BFLOAT16]"
            + " (case-insensitive) but was 'fp8'");
  }

  @Test
  void aMalformedOptionValue() {
    Cli.Run run =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --steps ten --out %s",
            corpus, tokenizer, never);

    assertOneLine(run, 2, "flexmoe: Invalid value for option '--steps': 'ten' is not an int");
  }

  @Test
  void anOutOfRangeOptionValue() {
    Cli.Run run =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --steps 3 --min-lr 1 --out %s",
            corpus, tokenizer, never);

    assertOneLine(run, 2, "flexmoe: --min-lr must be between 0 and --lr (0.003), not 1.0");
  }

  @Test
  void aMissingRequiredOption() {
    Cli.Run run = Cli.run("merge --public %s --out %s", dir, never);

    assertOneLine(
        run, 2, "flexmoe: Missing required option: '--expert=DIR' (see 'flexmoe merge --help')");
  }

  @Test
  void aCommandGroupWithoutItsCommand() {
    assertOneLine(Cli.run("train"), 2, "flexmoe: Missing required subcommand");
  }

  @Test
  void anOutputThatExistsAlreadyIsRefusedBeforeTraining() {
    Cli.Run run =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --steps 3 --out %s",
            corpus, tokenizer, corpus);

    assertOneLine(run, 1, "flexmoe: " + corpus + " exists already; choose a new --out path");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Path missing = dir.resolve("missing.safetensors");

    Cli.Run run = Cli.run("inspect --verbose %s", missing);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines().get(0)).startsWith("flexmoe: " + missing + " is neither");
    assertThat(run.err()).contains("\tat dev.flexmoe.cli.InspectCommand");
  }

  @Test
  void helpIsNotAnError() {
    Cli.Run run = Cli.run("train expert --help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: flexmoe train expert", "--domain=NAME", "--validation=PATH");
    assertThat(run.err()).isEmpty();
  }

  private static void assertOneLine(Cli.Run run, int exitCode, String start) {
    assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
    assertThat(run.errLines()).as("%s", run).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith(start);
    assertThat(run.out()).isEmpty();
  }
}
