package dev.flexmoe.training.service;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import dev.flexmoe.training.security.Caller;
import dev.flexmoe.training.security.Roles;
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
import java.util.regex.Pattern;

/**
 * The owner's use cases: submit a job (checked whole before anything is stored), list, read,
 * follow, cancel, register a finished expert by hand, read a job's log.
 */
@ApplicationScoped
public class Jobs {

  /** As the registry admits a public model's name. */
  private static final Pattern PUBLIC_MODEL_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** The sizes a training service pretrains (olmo2-7b is for shape checks only). */
  private static final List<String> PRESETS = List.of("micro", "tiny", "small");

  private static final String DEFAULT_PRESET = "micro";
  private static final int DEFAULT_VOCAB_SIZE = 4096;
  private static final int MIN_VOCAB_SIZE = 257;
  private static final int MAX_VOCAB_SIZE = 65_536;

  @Inject TrainingConfig config;

  @Inject DataRoots dataRoots;

  @Inject RegistryClient registry;

  @Inject JobLedger ledger;

  @Inject JobRunner runner;

  @Inject JobEvents events;

  @Inject Registrar registrar;

  @Inject ObjectMapper json;

  public JobStatus submit(JobSubmission submission, Caller caller) {
    requireOwner(caller.id());
    JobKind kind = kind(submission.kind());
    requireRole(kind, caller);
    String domain = domain(submission.domain(), kind);
    Hyperparameters hyperparameters =
        submission.hyperparameters() == null
            ? new Hyperparameters(null, null, null, null, null, null, null, null)
            : submission.hyperparameters();
    TrainingSettings settings = hyperparameters.settings();
    TrainingJob job = new TrainingJob();
    switch (kind) {
      case ROUTER_TUNING ->
          job.modelPath = dataRoots.modelFolder(submission.model(), "model").toString();
      case PUBLIC -> describePublicModel(job, submission);
      case EXPERT, DENSE -> {
        PublicModelInfo model = publicModel(submission.publicModel());
        job.publicModelId = model.id();
        job.publicModelDigest = model.digest();
      }
    }
    if (kind != JobKind.PUBLIC) {
      refuseFor(kind, "name", submission.name());
      refuseFor(kind, "preset", submission.preset());
      refuseFor(kind, "vocabSize", submission.vocabSize());
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

  /**
   * A public model's name, size and vocabulary, checked: a name the registry already has would be
   * refused only after the whole pretraining.
   */
  private void describePublicModel(TrainingJob job, JobSubmission submission) {
    refuseFor(JobKind.PUBLIC, "publicModel", submission.publicModel());
    refuseFor(JobKind.PUBLIC, "model", submission.model());
    refuseFor(JobKind.PUBLIC, "validation", submission.validation());
    String name = submission.name();
    if (name == null) {
      throw new InvalidJobException(
          "required", "name", "name is required: what the public model is registered as");
    }
    if (!PUBLIC_MODEL_NAME.matcher(name).matches()) {
      throw new InvalidJobException(
          "invalid-name",
          "name",
          "name '"
              + name
              + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (registeredPublicModels().stream().anyMatch(model -> model.name().equals(name))) {
      throw new JobConflictException(
          "public-model-exists", "the registry already has a public model named '" + name + "'");
    }
    String preset = submission.preset() == null ? DEFAULT_PRESET : submission.preset();
    if (!PRESETS.contains(preset)) {
      throw new InvalidJobException(
          "unknown-preset",
          "preset",
          "preset '" + preset + "' is none of " + String.join(", ", PRESETS));
    }
    int vocabSize = submission.vocabSize() == null ? DEFAULT_VOCAB_SIZE : submission.vocabSize();
    if (vocabSize < MIN_VOCAB_SIZE || vocabSize > MAX_VOCAB_SIZE) {
      throw new InvalidJobException(
          "invalid-vocab-size",
          "vocabSize",
          "vocabSize must be between "
              + MIN_VOCAB_SIZE
              + " (the end-of-text token and the 256 bytes) and "
              + MAX_VOCAB_SIZE
              + ", not "
              + vocabSize);
    }
    job.modelName = name;
    job.preset = preset;
    job.vocabSize = vocabSize;
  }

  private static void refuseFor(JobKind kind, String field, Object value) {
    if (value != null) {
      throw new InvalidJobException(
          "not-for-kind",
          field,
          field + " has no meaning for a " + kindName(kind) + " job; leave it out");
    }
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
   * Registers a finished expert (signed) or public model now: one left for review, or one the
   * registry refused.
   */
  public JobStatus register(UUID id, String caller) {
    JobStatus job = get(id, caller);
    if (!JobRunner.registers(job.kind()) || job.state() != JobState.SUCCEEDED) {
      throw new JobConflictException(
          "nothing-to-register",
          "only a succeeded expert or public-model job has something to register");
    }
    if (job.registration() == Registration.REGISTERED) {
      return job;
    }
    return ledger.handed(
        id, registrar.handOver(job.kind(), job.name(), runner.outputOf(id, job.kind())));
  }

  /** The job's log: what its process printed besides its progress, if it started. */
  public Optional<Path> log(UUID id, String caller) {
    get(id, caller);
    Path log = runner.dirOf(id).resolve(WorkerLauncher.LOG);
    return Files.exists(log) ? Optional.of(log) : Optional.empty();
  }

  /**
   * A public model is the operator's to register, an expert or a model trained on data an owner's.
   */
  private static void requireRole(JobKind kind, Caller caller) {
    String role = kind == JobKind.PUBLIC ? Roles.OPERATOR : Roles.OWNER;
    if (!caller.hasRole(role)) {
      throw new RoleRequiredException(role, kindName(kind));
    }
  }

  private static String kindName(JobKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private void requireOwner(String caller) {
    if (!config.owner().equals(caller)) {
      throw new NotThisOwnerException(caller, config.owner());
    }
  }

  private static JobKind kind(String kind) {
    if (kind == null) {
      throw new InvalidJobException(
          "required", "kind", "kind is required: expert, dense, router-tuning or public");
    }
    try {
      return JobKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(
          "unknown-kind",
          "kind",
          "kind '" + kind + "' is none of expert, dense, router-tuning, public");
    }
  }

  private static String domain(String domain, JobKind kind) {
    if (domain == null && kind == JobKind.ROUTER_TUNING) {
      return "router";
    }
    if (domain == null && kind == JobKind.PUBLIC) {
      return "public";
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
    for (PublicModelInfo info : registeredPublicModels()) {
      if (info.isNamedBy(reference)) {
        return info;
      }
    }
    throw new InvalidJobException(
        "unknown-public-model",
        "publicModel",
        "the registry has no public model '" + reference + "'");
  }

  private List<PublicModelInfo> registeredPublicModels() {
    try {
      return registry.publicModels();
    } catch (RegistryUnavailableException e) {
      throw new RegistryDownException(
          "the registry cannot be asked for its public models now: " + e.getMessage());
    }
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
              settings.checkpointEvery(),
              Hyperparameters.name(settings.precision())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("settings are numbers", e);
    }
  }
}
