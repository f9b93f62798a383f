package dev.flexmoe.training.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.training.domain.JobKind;
import dev.flexmoe.training.domain.JobState;
import dev.flexmoe.training.domain.Registration;
import dev.flexmoe.training.domain.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as its owner sees it.
 *
 * @param publicModelId the public model trained against, or the one a public-model job registered
 * @param name the name a public-model job registers its model under (null for other kinds)
 * @param preset a public-model job's size
 * @param vocabSize a public-model job's vocabulary
 * @param hyperparameters the settings it trains with, defaults filled in
 * @param metrics an expert's final metrics, e.g. {@code trainLoss}, {@code validationBitsPerByte}
 * @param registration what became of the artifact at the registry
 * @param expertStatus the expert's state at the registry (SUBMITTED, VALIDATED, REJECTED, ...)
 * @param attempts how often its process was started: more than 1 after a resume
 */
public record JobStatus(
    UUID id,
    JobKind kind,
    JobState state,
    String publicModelId,
    String publicModelDigest,
    String model,
    String data,
    String validation,
    String domain,
    String name,
    String preset,
    Integer vocabSize,
    Map<String, Object> hyperparameters,
    boolean autoRegister,
    long step,
    long totalSteps,
    Double loss,
    Double learningRate,
    Double tokensPerSecond,
    Double etaSeconds,
    Map<String, Double> metrics,
    String artifactDigest,
    Registration registration,
    String expertId,
    String expertStatus,
    String registrationError,
    String error,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Whether nothing more will change: the job finished and its expert, if any, has been validated
   * or rejected by the registry (or is left to the owner); a public model, once registered.
   */
  public boolean settled() {
    return state.isFinished()
        && registration != Registration.PENDING
        && !(kind == JobKind.EXPERT
            && registration == Registration.REGISTERED
            && (expertStatus == null || expertStatus.equals("SUBMITTED")));
  }

  static JobStatus of(TrainingJob job) {
    return new JobStatus(
        job.id,
        job.kind,
        job.state,
        job.publicModelId,
        job.publicModelDigest,
        job.modelPath,
        job.dataPath,
        job.validationPath,
        job.domain,
        job.modelName,
        job.preset,
        job.vocabSize,
        read(job.hyperparameters, new TypeReference<Map<String, Object>>() {}),
        job.autoRegister,
        job.step,
        job.totalSteps,
        job.loss,
        job.learningRate,
        job.tokensPerSecond,
        job.etaSeconds,
        job.metrics == null
            ? Map.of()
            : read(job.metrics, new TypeReference<Map<String, Double>>() {}),
        job.artifactDigest,
        job.registration,
        job.expertId,
        job.expertStatus,
        job.registrationError,
        job.error,
        job.attempts,
        job.createdAt,
        job.startedAt,
        job.finishedAt);
  }

  private static <T> T read(String text, TypeReference<T> type) {
    try {
      return JSON.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored job holds invalid JSON", e);
    }
  }
}
