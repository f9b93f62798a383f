package dev.flexmoe.training.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line a job's process writes on its standard output, as JSON: {@code progress} after a step,
 * {@code done} with the outcome, or {@code failed} with the reason. Everything else it prints goes
 * to the job's log.
 *
 * @param artifactDigest the expert artifact's digest ({@code done} of an expert job)
 * @param metrics an expert's final metrics ({@code done})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerMessage(
    String type,
    Integer step,
    Integer totalSteps,
    Double loss,
    Double learningRate,
    Double tokensPerSecond,
    Double etaSeconds,
    String artifactDigest,
    Map<String, Double> metrics,
    String error) {

  public static final String PROGRESS = "progress";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  static WorkerMessage progress(
      int step, int total, double loss, double lr, double tokensPerSecond, double eta) {
    return new WorkerMessage(
        PROGRESS, step, total, loss, lr, tokensPerSecond, eta, null, null, null);
  }

  static WorkerMessage done(String artifactDigest, Map<String, Double> metrics) {
    return new WorkerMessage(
        DONE, null, null, null, null, null, null, artifactDigest, metrics, null);
  }

  static WorkerMessage failed(String error) {
    return new WorkerMessage(FAILED, null, null, null, null, null, null, null, null, error);
  }
}
