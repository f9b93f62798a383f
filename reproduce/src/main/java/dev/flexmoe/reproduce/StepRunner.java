package dev.flexmoe.reproduce;

import dev.flexmoe.model.train.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the pipeline's steps through the {@link StepCache} and reports on the log what each did:
 * reused, run (and how long it took), and the progress of training steps.
 */
final class StepRunner {

  private final StepCache cache;
  private final Consumer<String> log;

  StepRunner(Path work, Consumer<String> log) {
    this.cache = new StepCache(work);
    this.log = log;
  }

  StepCache.Step run(String name, List<String> inputs, StepCache.Body body) {
    StepCache.Step step =
        cache.run(
            name,
            inputs,
            (out, checkpoints) -> {
              log.accept("running " + name);
              body.run(out, checkpoints);
            });
    if (step.reused()) {
      log.accept("reusing " + name + " (" + step.key() + ")");
    } else {
      log.accept(String.format(Locale.ROOT, "finished %s in %.0f s", name, step.seconds()));
    }
    return step;
  }

  /** A training's progress, logged five times over the run. */
  Consumer<Progress> progress(String what) {
    return progress -> {
      int every = Math.max(1, progress.totalSteps() / 5);
      if (progress.step() % every == 0 || progress.step() == progress.totalSteps()) {
        log.accept(
            String.format(
                Locale.ROOT,
                "  %s: step %d/%d, loss %.3f, %.0f tokens/s",
                what,
                progress.step(),
                progress.totalSteps(),
                progress.loss(),
                progress.tokensPerSecond()));
      }
    };
  }

  void log(String line) {
    log.accept(line);
  }

  /** Every step run or reused so far, in order. */
  List<StepCache.Step> steps() {
    return cache.steps();
  }

  /** A step's inputs: the two lists, one after the other. */
  static List<String> inputs(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
