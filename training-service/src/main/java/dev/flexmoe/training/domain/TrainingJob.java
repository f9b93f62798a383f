package dev.flexmoe.training.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A training job of this owner, kept durably so that a restart resumes it. Holds paths and metrics;
 * never a byte of the data.
 */
@Entity
@Table(name = "training_job")
public class TrainingJob extends PanacheEntityBase {

  @Id public UUID id;

  @Enumerated(EnumType.STRING)
  public JobKind kind;

  @Enumerated(EnumType.STRING)
  public JobState state;

  /**
   * The registry's id of the public model: the one trained against, or for a public-model job the
   * one it registered (null for router tuning of a local model).
   */
  @Column(name = "public_model_id")
  public String publicModelId;

  @Column(name = "public_model_digest")
  public String publicModelDigest;

  /** The local merged model a router-tuning job starts from. */
  @Column(name = "model_path")
  public String modelPath;

  @Column(name = "data_path")
  public String dataPath;

  @Column(name = "validation_path")
  public String validationPath;

  public String domain;

  /** The name a public-model job's model is registered under. */
  @Column(name = "model_name")
  public String modelName;

  /** A public-model job's size: micro, tiny or small. */
  public String preset;

  /** The vocabulary a public-model job's tokenizer is trained to. */
  @Column(name = "vocab_size")
  public Integer vocabSize;

  /** The resolved hyperparameters as JSON ({@code Hyperparameters}). */
  public String hyperparameters;

  @Column(name = "auto_register")
  public boolean autoRegister;

  public long step;

  @Column(name = "total_steps")
  public long totalSteps;

  public Double loss;

  @Column(name = "learning_rate")
  public Double learningRate;

  @Column(name = "tokens_per_second")
  public Double tokensPerSecond;

  @Column(name = "eta_seconds")
  public Double etaSeconds;

  /** Final metrics as JSON, once the job succeeded. */
  public String metrics;

  @Column(name = "artifact_digest")
  public String artifactDigest;

  @Enumerated(EnumType.STRING)
  public Registration registration;

  @Column(name = "expert_id")
  public String expertId;

  /** The expert's state at the registry, as last read (REGISTERED, VALIDATED, REJECTED, …). */
  @Column(name = "expert_status")
  public String expertStatus;

  @Column(name = "registration_error")
  public String registrationError;

  public String error;

  @Column(name = "cancel_requested")
  public boolean cancelRequested;

  public int attempts;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Version public long version;

  /** The job to run next: one that was running when the service stopped, else the oldest queued. */
  public static Optional<TrainingJob> next() {
    Optional<TrainingJob> interrupted =
        find("state = ?1 order by startedAt", JobState.RUNNING).firstResultOptional();
    return interrupted.isPresent()
        ? interrupted
        : find("state = ?1 order by createdAt", JobState.QUEUED).firstResultOptional();
  }

  public static long queued() {
    return count("state", JobState.QUEUED);
  }

  public static List<TrainingJob> newestFirst() {
    return list("order by createdAt desc");
  }

  /**
   * Succeeded jobs whose upload is due, and registered experts whose state may still change (a
   * public model has no lifecycle to follow).
   */
  public static List<TrainingJob> awaitingRegistry() {
    return list(
        "state = ?1 and (registration = ?2 or (registration = ?3 and kind = ?4 and (expertStatus"
            + " is null or expertStatus = 'SUBMITTED')))",
        JobState.SUCCEEDED,
        Registration.PENDING,
        Registration.REGISTERED,
        JobKind.EXPERT);
  }
}
