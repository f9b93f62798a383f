package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCacheTest {

  @TempDir Path work;

  private final AtomicInteger runs = new AtomicInteger();

  /** A body that counts its runs and writes {@code value} to {@code out/result.txt}. */
  private StepCache.Body writing(String value) {
    return (out, checkpoints) -> {
      runs.incrementAndGet();
      Files.createDirectories(out);
      Files.writeString(out.resolve("result.txt"), value);
    };
  }

  @Test
  void aCompletedStepIsReusedWithoutRunningAgain() throws IOException {
    StepCache first = new StepCache(work);
    StepCache.Step done = first.run("train", List.of("steps=10"), writing("model"));

    StepCache.Step again = new StepCache(work).run("train", List.of("steps=10"), writing("other"));

    assertThat(runs).hasValue(1);
    assertThat(done.reused()).isFalse();
    assertThat(again.reused()).isTrue();
    assertThat(again.key()).isEqualTo(done.key()).matches("[0-9a-f]{16}");
    assertThat(again.out()).isEqualTo(work.resolve("train-" + done.key()).resolve("out"));
    assertThat(Files.readString(again.out().resolve("result.txt"))).isEqualTo("model");
  }

  @Test
  void aDifferentInputIsANewStep() throws IOException {
    StepCache cache = new StepCache(work);
    StepCache.Step ten = cache.run("train", List.of("steps=10"), writing("ten"));
    StepCache.Step twenty = cache.run("train", List.of("steps=20"), writing("twenty"));
    StepCache.Step renamed = cache.run("tune", List.of("steps=10"), writing("tuned"));

    assertThat(runs).hasValue(3);
    assertThat(List.of(ten.key(), twenty.key(), renamed.key())).doesNotHaveDuplicates();
    assertThat(Files.readString(ten.out().resolve("result.txt"))).isEqualTo("ten");
    assertThat(Files.readString(twenty.out().resolve("result.txt"))).isEqualTo("twenty");
    assertThat(cache.steps())
        .extracting(StepCache.Step::name)
        .containsExactly("train", "train", "tune");
  }

  @Test
  void anInterruptedStepLeavesNoOutputAndRunsAgainFromItsCheckpoints() throws IOException {
    List<Path> checkpointDirs = new ArrayList<>();
    StepCache.Body interrupted =
        (out, checkpoints) -> {
          checkpointDirs.add(checkpoints);
          Files.createDirectories(out);
          Files.writeString(out.resolve("result.txt"), "half");
          Files.createDirectories(checkpoints);
          Files.writeString(checkpoints.resolve("step-5"), "state");
          throw new IllegalStateException("killed at step 5");
        };

    assertThatThrownBy(() -> new StepCache(work).run("train", List.of("steps=10"), interrupted))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("killed at step 5");
    try (var children = Files.list(work)) {
      assertThat(children.filter(child -> child.getFileName().toString().startsWith("train-")))
          .as("no finished output")
          .isEmpty();
    }

    List<String> seenAtRestart = new ArrayList<>();
    StepCache.Step resumed =
        new StepCache(work)
            .run(
                "train",
                List.of("steps=10"),
                (out, checkpoints) -> {
                  checkpointDirs.add(checkpoints);
                  seenAtRestart.add(Files.exists(out) ? "output" : "no output");
                  seenAtRestart.add(Files.readString(checkpoints.resolve("step-5")));
                  Files.createDirectories(out);
                  Files.writeString(out.resolve("result.txt"), "whole");
                });

    assertThat(seenAtRestart).containsExactly("no output", "state");
    assertThat(resumed.reused()).isFalse();
    assertThat(Files.readString(resumed.out().resolve("result.txt"))).isEqualTo("whole");
    assertThat(checkpointDirs).hasSize(2).containsOnly(checkpointDirs.get(0));
    assertThat(checkpointDirs.get(0))
        .as("checkpoints are removed once the step is complete")
        .doesNotExist();
  }

  @Test
  void aCheckedFailureNamesTheStep() {
    assertThatThrownBy(
            () ->
                new StepCache(work)
                    .run(
                        "tokenizer",
                        List.of(),
                        (out, checkpoints) -> {
                          throw new IOException("disk full");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step tokenizer failed: disk full")
        .hasCauseInstanceOf(IOException.class);
  }
}
