package dev.flexmoe.reproduce;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reproduction pipeline: tokenizer → public model → one expert per domain (each step sees only
 * its own domain's data) → dense domain models → merges and baselines ({@link TrainingPipeline}) →
 * evaluation of every system on every domain ({@link Evaluation}). Steps are content-addressed
 * ({@link StepCache}): rerun, it reuses what is done.
 */
public final class Reproduction {

  /** What a reproduction produced. */
  public record Outcome(
      ComparisonTable table,
      ComparisonTable routerInit,
      DifferenceTable differences,
      ComparisonTable mixed,
      DifferenceTable mixedDifferences,
      ComparisonTable fourExperts,
      DifferenceTable fourExpertDifferences,
      OptOutTable optOut,
      DifferenceTable optOutDifferences,
      TopKTable topK,
      RoutingTable routing,
      List<StepCache.Step> steps) {}

  private final Scale scale;
  private final FlexMixData data;
  private final StepRunner steps;

  /**
   * @param data the FlexMix-lite directory
   * @param work where the steps' outputs are kept between runs
   * @param log receives one line per step and training progress
   */
  public Reproduction(Scale scale, Path data, Path work, Consumer<String> log) {
    this.scale = scale;
    this.data = new FlexMixData(data);
    this.steps = new StepRunner(work, log);
  }

  public Outcome run() {
    TrainedSystems systems = new TrainingPipeline(scale, data, steps).run();
    ValidationSet validation =
        ValidationSet.load(systems.validation().out(), systems.tokenizerJson());
    return new Evaluation(scale, steps, systems.validation(), validation).evaluate(systems);
  }
}
