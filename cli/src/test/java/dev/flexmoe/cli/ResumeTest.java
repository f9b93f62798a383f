package dev.flexmoe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training run started again with the same arguments picks up its checkpoints. */
class ResumeTest {

  @TempDir Path dir;

  Path corpus;
  Path tokenizer;
  Path out;
  Path checkpoints;

  @BeforeEach
  void writeACorpusAndTokenizer() throws IOException {
    corpus =
        SyntheticCorpus.write(
            dir.resolve("corpus"), 6, seed -> SyntheticCorpus.arithmetic(20, seed));
    tokenizer = dir.resolve("tokenizer.json");
    out = dir.resolve("public");
    checkpoints = dir.resolve("public.checkpoints");
    Cli.Run run =
        Cli.run("tokenizer train --corpus %s --vocab-size 280 --out %s", corpus, tokenizer);
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  private List<String> trainPublic(int steps, int checkpointEvery) {
    return Cli.args(
        "train public --corpus %s --tokenizer %s --preset micro --batch-size 2 --steps %s"
            + " --checkpoint-every %s --out %s",
        corpus, tokenizer, steps, checkpointEvery, out);
  }

  @Test
  void aRunStartedAgainResumesFromItsCheckpointsAndWritesTheSameModel() throws IOException {
    Cli.Run first = Cli.run(trainPublic(6, 3));
    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(first.err()).doesNotContain("resuming");
    assertThat(first.out()).contains("checkpoints " + checkpoints);
    String digest = HfCheckpoint.digest(out);

    deleteTree(out);
    Cli.Run again = Cli.run(trainPublic(6, 3));

    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(again.err())
        .contains("resuming from checkpoint " + checkpoints.resolve("step-0000006"));
    assertThat(HfCheckpoint.digest(out)).isEqualTo(digest);
  }

  @Test
  void aRunKilledMidwayResumesWhereItsLastCheckpointLeftOff() throws Exception {
    Path log = dir.resolve("killed-run.log");
    Process killed = launch(log, trainPublic(100, 5));
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> Checkpoint.latest(checkpoints).isPresent() || !killed.isAlive());
      assertThat(killed.isAlive()).as("the run to kill: %s", Files.readString(log)).isTrue();
    } finally {
      killed.destroyForcibly();
      killed.waitFor();
    }
    Path stoppedAt = Checkpoint.latest(checkpoints).orElseThrow();
    assertThat(stoppedAt.getFileName().toString()).isNotEqualTo("step-0000100");
    assertThat(out).doesNotExist();

    Cli.Run resumed = Cli.run(trainPublic(100, 5));

    assertThat(resumed.exitCode()).as("%s", resumed).isZero();
    assertThat(resumed.err()).contains("resuming from checkpoint " + stoppedAt, "100/100");
    assertThat(out.resolve(HfCheckpoint.WEIGHTS)).isRegularFile();
    assertThat(Checkpoint.latest(checkpoints)).contains(checkpoints.resolve("step-0000100"));
  }

  @Test
  void checkpointsOfOtherSettingsAreNotResumed() {
    Cli.Run first = Cli.run(trainPublic(2, 0));
    assertThat(first.exitCode()).as("%s", first).isZero();

    Cli.Run other =
        Cli.run(
            "train public --corpus %s --tokenizer %s --preset micro --batch-size 2 --steps 3"
                + " --checkpoints %s --out %s",
            corpus, tokenizer, checkpoints, dir.resolve("other"));

    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.errLines())
        .last()
        .asString()
        .startsWith("flexmoe: the checkpoint was made with other settings");
    assertThat(dir.resolve("other")).doesNotExist();
  }

  /** flexmoe in a JVM of its own, as the launcher script starts it, its output going to a file. */
  private static Process launch(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xss4m", "-Dai.djl.offline=true"));
    for (String property :
        List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Flexmoe.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
