package dev.flexmoe.training.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.registryclient.PublicModelInfo;
import dev.flexmoe.registryclient.RegistryClient;
import dev.flexmoe.registryclient.RegistryUnavailableException;
import dev.flexmoe.training.domain.JobKind;
import dev.flexmoe.training.domain.JobState;
import dev.flexmoe.training.domain.Registration;
import dev.flexmoe.training.domain.TrainingJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner's use cases: submit a job (checked whole before anything is stored), list, read,
 * follow, cancel, register a finished expert by hand, read a job's log.
 */
@ApplicationScoped
public class Jobs {

  @Inject TrainingConfig config;

  @Inject DataRoots dataRoots;

  @Inject RegistryClient registry;

  @Inject JobLedger ledger;

  @Inject JobRunner runner;

  @Inject JobEvents events;

  @Inject Registrar registrar;

  @Inject ObjectMapper json;

  public JobStatus submit(JobSubmission submission, String caller) {
    requireOwner(caller);
    JobKind kind = kind(submission.kind());
    String domain = domain(submission.domain(), kind);
    Hyperparameters hyperparameters =
        submission.hyperparameters() == null
            ? new Hyperparameters(null, null, null, null, null, null, null)
            : submission.hyperparameters();
    TrainingSettings settings = hyperparameters.settings();
    TrainingJob job = new TrainingJob();
    if (kind == JobKind.ROUTER_TUNING) {
      job.modelPath = dataRoots.modelFolder(submission.model(), "model").toString();
    } else {
      PublicModelInfo model = publicModel(submission.publicModel());
      job.publicModelId = model.id();
      job.publicModelDigest = model.digest();
    }
    job.dataPath = dataRoots.corpus(submission.data(), "data").toString();
    boolean autoRegister = !Boolean.FALSE.equals(submission.autoRegister());
    if (submission.validation() != null) {
      job.validationPath = dataRoots.corpus(submission.validation(), "validation").toString();
    } else if (kind == JobKind.EXPERT && autoRegister) {
      // The merge service admits an expert only with its held-out bits per byte beside the public
      // model's: registered without them, it would be rejected after all the training.
      throw new InvalidJobException(
          "validation-required",
          "validation",
          "an expert to be registered needs held-out text of its domain (validation), whose bits"
              + " per byte the merge service checks; or submit it with autoRegister false");
    }
    job.id = UUID.randomUUID();
    job.kind = kind;
    job.state = JobState.QUEUED;
    job.domain = domain;
    job.hyperparameters = write(settings);
    job.autoRegister = autoRegister;
    job.totalSteps = settings.steps();
    job.registration = Registration.NONE;
    job.createdAt = Instant.now();
    JobStatus created =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  job.persist();
                  return JobStatus.of(job);
                });
    runner.wake();
    return created;
  }

  public List<JobStatus> list(String caller) {
    requireOwner(caller);
    return QuarkusTransaction.requiringNew()
        .call(() -> TrainingJob.newestFirst().stream().map(JobStatus::of).toList());
  }

  public JobStatus get(UUID id, String caller) {
    requireOwner(caller);
    return QuarkusTransaction.requiringNew().call(() -> JobStatus.of(JobLedger.find(id)));
  }

  /** The job's state now, then its steps and changes until it is settled. */
  public Multi<JobEvent> follow(UUID id, String caller) {
    return events.follow(get(id, caller));
  }

  /** Cancels a queued job, or stops a running one's process (within a second or two). */
  public JobStatus cancel(UUID id, String caller) {
    requireOwner(caller);
    JobStatus now = ledger.requestCancel(id);
    runner.stopIfRunning(id);
    return now;
  }

  /**
   * Signs and registers a finished expert now: one left for review, or one the registry refused.
   */
  public JobStatus register(UUID id, String caller) {
    JobStatus job = get(id, caller);
    if (job.kind() != JobKind.EXPERT || job.state() != JobState.SUCCEEDED) {
      throw new JobConflictException(
          "nothing-to-register", "only a succeeded expert job has an artifact to register");
    }
    if (job.registration() == Registration.REGISTERED) {
      return job;
    }
    return ledger.handed(id, registrar.handOver(runner.outputOf(id, JobKind.EXPERT)));
  }

  /** The job's log: what its process printed besides its progress, if it started. */
  public Optional<Path> log(UUID id, String caller) {
    get(id, caller);
    Path log = runner.dirOf(id).resolve(WorkerLauncher.LOG);
    return Files.exists(log) ? Optional.of(log) : Optional.empty();
  }

  private void requireOwner(String caller) {
    if (!config.owner().equals(caller)) {
      throw new NotThisOwnerException(caller, config.owner());
    }
  }

  private static JobKind kind(String kind) {
    if (kind == null) {
      throw new InvalidJobException(
          "required", "kind", "kind is required: expert, dense or router-tuning");
    }
    try {
      return JobKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(
          "unknown-kind", "kind", "kind '" + kind + "' is none of expert, dense, router-tuning");
    }
  }

  private static String domain(String domain, JobKind kind) {
    if (domain == null && kind == JobKind.ROUTER_TUNING) {
      return "router";
    }
    if (domain == null) {
      throw new InvalidJobException("required", "domain", "domain is required, e.g. math");
    }
    if (!ExpertManifest.isValidDomain(domain)) {
      throw new InvalidJobException(
          "invalid-domain",
          "domain",
          "domain '"
              + domain
              + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return domain;
  }

  private PublicModelInfo publicModel(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidJobException(
          "required", "publicModel", "publicModel is required: its registry id, digest or name");
    }
    JsonNode listed;
    try {
      listed = registry.json("/api/v1/public-models");
    } catch (RegistryUnavailableException e) {
      throw new RegistryDownException(
          "the registry cannot be asked for public model '"
              + reference
              + "' now: "
              + e.getMessage());
    }
    for (JsonNode model : listed) {
      PublicModelInfo info = PublicModelInfo.of(model);
      if (info.isNamedBy(reference)) {
        return info;
      }
    }
    throw new InvalidJobException(
        "unknown-public-model",
        "publicModel",
        "the registry has no public model '" + reference + "'");
  }

  private String write(TrainingSettings settings) {
    try {
      return json.writeValueAsString(
          new Hyperparameters(
              settings.steps(),
              settings.batchSize(),
              settings.peakLearningRate(),
              settings.minLearningRate(),
              settings.warmupSteps(),
              settings.seed(),
              settings.checkpointEvery()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("settings are numbers", e);
    }
  }
}
