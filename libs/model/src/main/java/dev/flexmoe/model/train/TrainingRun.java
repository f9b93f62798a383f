package dev.flexmoe.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.Scalars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training loop: next-token cross entropy (plus the router z-loss when the model routes),
 * global-norm gradient clipping, AdamW on a cosine schedule, in place on the model's weights.
 *
 * <p>Only the {@link Trainable}s change; every other tensor is never handed to the optimizer and
 * stays bitwise as it was. DJL allows one gradient collector per JVM, so runs in one process must
 * not overlap.
 */
public final class TrainingRun implements AutoCloseable {

  private final FlexOlmoModel model;
  private final List<Trainable> trainables;
  private final TokenWindows data;
  private final TrainingSettings settings;
  private final NDManager manager;
  private final AdamW optimizer;
  private final List<Double> losses = new ArrayList<>();
  private final Forward forward;
  private int step;

  /**
   * @param forward the training passes' choices (mask, k, ...); their precision is the settings'
   */
  public TrainingRun(
      FlexOlmoModel model,
      List<Trainable> trainables,
      TokenWindows data,
      TrainingSettings settings,
      Forward forward) {
    if (trainables.isEmpty()) {
      throw new IllegalArgumentException("nothing to train");
    }
    this.model = model;
    this.trainables = List.copyOf(trainables);
    this.data = data;
    this.settings = settings;
    Forward inPrecision = forward.withPrecision(settings.precision());
    this.forward =
        model.config().numExperts() > 1 ? inPrecision.keepingRouterLogits() : inPrecision;
    this.manager = model.weights().manager().getParentManager().newSubManager();
    this.optimizer = new AdamW(manager, trainables, 0.9f, 0.95f, 1e-8f);
    for (Trainable trainable : trainables) {
      trainable.tensor().setRequiresGradient(true);
    }
  }

  /** Steps done so far. */
  public int step() {
    return step;
  }

  /** The language-model loss of every step done, in order. */
  public List<Double> losses() {
    return List.copyOf(losses);
  }

  /**
   * Runs until {@code untilStep} (at most the planned steps), reporting each step, and saving a
   * checkpoint into {@code checkpoints} (when not null) every {@code checkpointEvery} steps and at
   * the end.
   */
  public void run(int untilStep, Consumer<Progress> progress, Path checkpoints) {
    int last = Math.min(untilStep, settings.steps());
    long started = System.nanoTime();
    int firstStep = step;
    while (step < last) {
      double loss = trainStep();
      losses.add(loss);
      step++;
      double seconds = (System.nanoTime() - started) / 1e9;
      double tokensPerSecond =
          (double) (step - firstStep)
              * settings.batchSize()
              * data.length()
              / Math.max(seconds, 1e-9);
      double eta = (settings.steps() - step) * seconds / (step - firstStep);
      progress.accept(
          new Progress(
              step,
              settings.steps(),
              loss,
              settings.schedule().rate(step - 1),
              tokensPerSecond,
              eta));
      boolean due = settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0;
      if (checkpoints != null && (due || step == last)) {
        Checkpoint.save(this, checkpoints);
      }
    }
  }

  /** Runs until {@code untilStep} without checkpoints. */
  public void run(int untilStep, Consumer<Progress> progress) {
    run(untilStep, progress, null);
  }

  /** One optimizer step; returns its language-model loss. */
  private double trainStep() {
    double rate = settings.schedule().rate(step);
    TokenWindows.Batch batch = data.batch(settings.seed(), step, settings.batchSize());
    try (NDManager scope = manager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDArray inputs = scope.create(batch.inputs(), shape);
      NDArray targets = scope.create(batch.targets(), shape);
      double lmLoss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        FlexOlmoModel.Output output = model.forward(inputs, forward);
        NDArray nll =
            output.logits().logSoftmax(-1).gather(targets.expandDims(-1), -1).neg().mean();
        NDArray loss = nll;
        if (!output.routerLogits().isEmpty() && settings.routerZLoss() > 0) {
          NDArray weight = Scalars.of(nll, settings.routerZLoss());
          loss = nll.add(zLoss(output.routerLogits()).mul(weight));
        }
        lmLoss = nll.getFloat();
        if (!Double.isFinite(lmLoss)) {
          throw new TrainingDivergedException(
              "training diverged at step " + (step + 1) + ": the loss is " + lmLoss);
        }
        collector.backward(loss);
      }
      optimizer.step(trainables, clippedGradients(scope), rate, scope);
      zeroGradients(scope);
      return lmLoss;
    }
  }

  /** Mean over layers of mean(logsumexp(router logits)^2): keeps router logits small. */
  private static NDArray zLoss(List<NDArray> routerLogits) {
    NDArray total = null;
    for (NDArray logits : routerLogits) {
      NDArray max = logits.max(new int[] {-1}, true);
      NDArray logSumExp = logits.sub(max).exp().sum(new int[] {-1}, true).log().add(max);
      NDArray layer = logSumExp.square().mean();
      total = total == null ? layer : total.add(layer);
    }
    return total.div(Scalars.of(total, routerLogits.size()));
  }

  private Map<String, NDArray> clippedGradients(NDManager scope) {
    Map<String, NDArray> gradients = new LinkedHashMap<>();
    double squares = 0;
    for (Trainable trainable : trainables) {
      NDArray gradient = trainable.tensor().getGradient();
      gradient.attach(scope);
      if (trainable.updateMask() != null) {
        gradient = gradient.mul(trainable.updateMask());
      }
      double square = gradient.square().sum().getFloat();
      if (!Double.isFinite(square)) {
        throw new TrainingDivergedException(
            "training diverged at step "
                + (step + 1)
                + ": the gradient of "
                + trainable.name()
                + " is not finite");
      }
      squares += square;
      gradients.put(trainable.name(), gradient);
    }
    double norm = Math.sqrt(squares);
    if (!Double.isFinite(norm)) {
      throw new TrainingDivergedException(
          "training diverged at step " + (step + 1) + ": gradient norm " + norm);
    }
    if (norm > settings.gradientClip()) {
      double scale = settings.gradientClip() / norm;
      gradients.replaceAll((name, gradient) -> gradient.mul(scale));
    }
    return gradients;
  }

  private void zeroGradients(NDManager scope) {
    for (Trainable trainable : trainables) {
      NDArray gradient = trainable.tensor().getGradient();
      gradient.attach(scope);
      gradient.muli(0); // a non-finite gradient aborts the run before this point
    }
  }

  AdamW optimizer() {
    return optimizer;
  }

  List<Trainable> trainables() {
    return trainables;
  }

  TrainingSettings settings() {
    return settings;
  }

  void restore(int restoredStep, List<Double> restoredLosses) {
    this.step = restoredStep;
    losses.clear();
    losses.addAll(restoredLosses);
  }

  /** Frees the optimizer state; the trained weights stay with the model, gradients off. */
  @Override
  public void close() {
    for (Trainable trainable : trainables) {
      trainable.tensor().setRequiresGradient(false);
    }
    manager.close();
  }
}
