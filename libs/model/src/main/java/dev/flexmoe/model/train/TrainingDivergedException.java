package dev.flexmoe.model.train;

/**
 * A training run whose loss or gradient norm stopped being finite: the settings (most often the
 * learning rate) do not suit the model and data, so the caller can tell the user rather than report
 * a defect.
 */
public class TrainingDivergedException extends IllegalStateException {

  public TrainingDivergedException(String message) {
    super(message);
  }
}
