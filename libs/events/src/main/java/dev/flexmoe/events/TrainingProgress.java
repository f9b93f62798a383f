package dev.flexmoe.events;

/**
 * Periodic progress of a training job at a data owner. Carries metrics only, never data.
 *
 * @param etaSeconds estimated seconds to completion, once known
 */
public record TrainingProgress(
    String jobId,
    Long step,
    Long totalSteps,
    Double loss,
    Double learningRate,
    Double tokensPerSecond,
    @Nullable Double etaSeconds)
    implements EventPayload {

  public TrainingProgress {
    Require.text(jobId, "jobId");
    Require.atLeast(step, 0, "step");
    Require.atLeast(totalSteps, 1, "totalSteps");
    if (step > totalSteps) {
      throw new InvalidFieldException("step", "is " + step + ", beyond totalSteps " + totalSteps);
    }
    Require.finite(loss, "loss");
    Require.finite(learningRate, "learningRate");
    Require.finite(tokensPerSecond, "tokensPerSecond");
    Require.finiteOrAbsent(etaSeconds, "etaSeconds");
  }

  @Override
  public String subject() {
    return jobId;
  }
}
