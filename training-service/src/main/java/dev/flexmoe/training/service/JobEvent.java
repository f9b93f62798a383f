package dev.flexmoe.training.service;

/**
 * What a job's event stream carries: {@code state} with the whole job when it changes, or {@code
 * progress} after each training step.
 */
public sealed interface JobEvent {

  String name();

  /** The job changed (state, registration); the stream ends once the job is settled. */
  record State(JobStatus job) implements JobEvent {
    @Override
    public String name() {
      return "state";
    }
  }

  /** A training step was done. */
  record Progress(
      int step,
      int totalSteps,
      double loss,
      double learningRate,
      double tokensPerSecond,
      double etaSeconds)
      implements JobEvent {
    @Override
    public String name() {
      return "progress";
    }
  }
}
