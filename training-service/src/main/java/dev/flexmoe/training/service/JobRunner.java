package dev.flexmoe.training.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.registryclient.ArtifactStore;
import dev.flexmoe.registryclient.PublicModelInfo;
import dev.flexmoe.training.domain.JobKind;
import dev.flexmoe.training.worker.TrainingWorker;
import dev.flexmoe.training.worker.WorkerMessage;
import dev.flexmoe.training.worker.WorkerSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the jobs one at a time (PyTorch through DJL trains one model per process well, and two on
 * one machine would only slow each other down), each in a process of its own. A job that was
 * running when the service stopped is taken first on the next start and resumes from its newest
 * checkpoint; while the service stops, a job's process is stopped with it and the job stays
 * RUNNING.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);
  private static final int LOG_TAIL_LINES = 5;

  @Inject JobLedger ledger;

  @Inject WorkerLauncher launcher;

  @Inject Registrar registrar;

  @Inject ArtifactStore artifacts;

  @Inject TrainingConfig config;

  @Inject ObjectMapper json;

  private final ExecutorService loop =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "training-jobs"));
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopping;
  private volatile Running current;

  /** The job being trained and its process. */
  record Running(UUID job, WorkerProcess process, Instant since) {}

  void start(@Observes StartupEvent started) {
    loop.submit(this::runJobs);
  }

  void stop(@Observes ShutdownEvent stopped) {
    stopping = true;
    wake.release();
    Running running = current;
    if (running != null) {
      running.process().stop();
    }
    loop.shutdownNow();
  }

  /** A job was queued: look now rather than at the next second. */
  void wake() {
    wake.release();
  }

  /** Stops the job's process if it is the one running. */
  void stopIfRunning(UUID job) {
    Running running = current;
    if (running != null && running.job().equals(job)) {
      running.process().stop();
    }
  }

  public Optional<Running> current() {
    return Optional.ofNullable(current);
  }

  /** The folder of a job: its spec, checkpoints, output and log. */
  Path dirOf(UUID job) {
    return config.workRoot().resolve("jobs").resolve(job.toString());
  }

  /** Where a job writes what it trains: an expert artifact, or a model. */
  Path outputOf(UUID job, JobKind kind) {
    return dirOf(job).resolve(kind == JobKind.EXPERT ? "expert" : "model");
  }

  /** Whether a job of this kind hands what it trained to the registry; the others keep it here. */
  static boolean registers(JobKind kind) {
    return kind == JobKind.EXPERT || kind == JobKind.PUBLIC;
  }

  private void runJobs() {
    try {
      while (!stopping) {
        if (!runNext()) {
          // Nothing to run, or the database away for a moment: look again in a second, or as
          // soon as a job is queued.
          wake.tryAcquire(1, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the next job to its end; false when none could be taken. */
  private boolean runNext() throws InterruptedException {
    try {
      Optional<JobStatus> next = ledger.claimNext();
      if (next.isEmpty()) {
        return false;
      }
      run(next.get());
      return true;
    } catch (RuntimeException e) {
      // The job is still there to be taken once the database answers again.
      LOG.warnf("cannot take the next job: %s", e.getMessage());
      return false;
    }
  }

  private void run(JobStatus job) throws InterruptedException {
    UUID id = job.id();
    Path dir = dirOf(id);
    try {
      WorkerSpec spec = prepare(job, dir);
      WorkerProcess process = launcher.start(dir);
      current = new Running(id, process, Instant.now());
      LOG.infof("job %s: training in process %d (attempt %d)", id, process.pid(), job.attempts());
      Outcome outcome = new Outcome();
      process.readLines(line -> outcome.accept(id, line));
      int exit = process.waitFor();
      current = null;
      if (stopping) {
        return; // left RUNNING: the next start resumes it
      }
      if (ledger.cancelRequested(id)) {
        ledger.cancelled(id);
      } else if (exit == 0 && outcome.done != null) {
        finish(job, spec, outcome.done);
      } else {
        ledger.failed(id, reason(exit, outcome.failure, dir));
      }
    } catch (IOException | RuntimeException e) {
      current = null;
      if (!stopping) {
        LOG.warnf(e, "job %s failed", id);
        ledger.failed(id, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }

  /** The job's spec, written into its folder, with the public model fetched and verified. */
  private WorkerSpec prepare(JobStatus job, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path model =
        switch (job.kind()) {
          case ROUTER_TUNING -> Path.of(job.model());
          case PUBLIC -> null; // what it trains
          case EXPERT, DENSE -> artifacts.publicModelDir(publicModel(job));
        };
    WorkerSpec spec =
        new WorkerSpec(
            job.kind(),
            model,
            Path.of(job.data()),
            job.validation() == null ? null : Path.of(job.validation()),
            job.domain(),
            config.owner(),
            job.preset(),
            job.vocabSize(),
            json.convertValue(job.hyperparameters(), Hyperparameters.class).settings(),
            outputOf(job.id(), job.kind()),
            dir.resolve("checkpoints"));
    json.writeValue(dir.resolve(TrainingWorker.SPEC).toFile(), spec);
    return spec;
  }

  private PublicModelInfo publicModel(JobStatus job) {
    return artifacts
        .publicModel(job.publicModelDigest())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the public model "
                        + job.publicModelDigest()
                        + " is no longer in the registry"));
  }

  private void finish(JobStatus job, WorkerSpec spec, WorkerMessage done) {
    JobLedger.Handed handed =
        !registers(job.kind())
            ? JobLedger.Handed.none()
            : job.autoRegister()
                ? registrar.handOver(job.kind(), job.name(), spec.out())
                : Registrar.manual();
    JobStatus finished = ledger.succeeded(job.id(), done.artifactDigest(), done.metrics(), handed);
    LOG.infof(
        "job %s: %s, artifact %s, registration %s %s",
        job.id(),
        finished.state(),
        finished.artifactDigest(),
        finished.registration(),
        finished.kind() == JobKind.PUBLIC
            ? finished.publicModelId()
            : finished.expertId() == null ? "" : finished.expertId());
  }

  /** Why a process ended without an outcome, in the words an owner can act on. */
  private static String reason(int exit, String failure, Path dir) {
    if (failure != null) {
      return failure;
    }
    String how =
        exit > 128
            ? "was killed (signal " + (exit - 128) + ")"
            : "exited with code " + exit + " before it finished";
    return "the training process "
        + how
        + "; the end of its log: "
        + tail(dir.resolve(WorkerLauncher.LOG));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(
          " | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** What a process reported: its steps (passed on, throttled) and how it ended. */
  private final class Outcome {
    private WorkerMessage done;
    private String failure;
    private Instant lastPublished = Instant.MIN;

    void accept(UUID id, String line) {
      WorkerMessage message;
      try {
        message = json.readValue(line, WorkerMessage.class);
      } catch (IOException e) {
        LOG.debugf("job %s: not a protocol line: %s", id, line);
        return;
      }
      switch (message.type()) {
        case WorkerMessage.PROGRESS -> {
          Instant now = Instant.now();
          Duration interval = config.progress().interval();
          boolean publish =
              message.step().equals(message.totalSteps())
                  || !now.isBefore(lastPublished.plus(interval));
          if (publish) {
            lastPublished = now;
          }
          ledger.progress(id, message, publish);
        }
        case WorkerMessage.DONE -> done = message;
        case WorkerMessage.FAILED -> failure = message.error();
        default -> LOG.debugf("job %s: unknown message %s", id, message.type());
      }
    }
  }
}
