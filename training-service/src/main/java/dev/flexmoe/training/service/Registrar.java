package dev.flexmoe.training.service;

import dev.flexmoe.registryclient.RegistryRefusedException;
import dev.flexmoe.registryclient.RegistryUnavailableException;
import dev.flexmoe.training.domain.JobKind;
import dev.flexmoe.training.domain.Registration;
import dev.flexmoe.training.domain.TrainingJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Registers finished experts and public models and follows them at the registry: an upload that
 * could not be made (the registry away) is tried again, and a registered expert's state is read
 * back until the merge service has validated or rejected it.
 */
@ApplicationScoped
public class Registrar {

  private static final Logger LOG = Logger.getLogger(Registrar.class);

  @Inject Handover handover;

  @Inject JobLedger ledger;

  @Inject JobRunner runner;

  static JobLedger.Handed manual() {
    return new JobLedger.Handed(Registration.MANUAL, null, null, null);
  }

  /**
   * Uploads what a job trained in {@code dir}, an expert (signed) or a public model under {@code
   * name}: registered, refused, or to be tried again.
   */
  JobLedger.Handed handOver(JobKind kind, String name, Path dir) {
    try {
      Handover.Registered registered =
          kind == JobKind.PUBLIC ? handover.registerPublicModel(name, dir) : handover.register(dir);
      return new JobLedger.Handed(
          Registration.REGISTERED, registered.id(), registered.state(), null);
    } catch (RegistryRefusedException e) {
      return new JobLedger.Handed(Registration.REFUSED, null, null, e.getMessage());
    } catch (RegistryUnavailableException e) {
      LOG.warnf("the registry is away, the upload will be tried again: %s", e.getMessage());
      return new JobLedger.Handed(Registration.PENDING, null, null, e.getMessage());
    }
  }

  @Scheduled(
      every = "${training.registry-poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void follow() {
    List<TrainingJob> waiting =
        QuarkusTransaction.requiringNew().call(TrainingJob::awaitingRegistry);
    for (TrainingJob job : waiting) {
      try {
        if (job.registration == Registration.PENDING) {
          ledger.handed(
              job.id, handOver(job.kind, job.modelName, runner.outputOf(job.id, job.kind)));
        } else {
          String state = handover.stateOf(job.expertId);
          if (!state.equals(job.expertStatus)) {
            ledger.handed(job.id, new JobLedger.Handed(Registration.REGISTERED, null, state, null));
          }
        }
      } catch (RuntimeException e) {
        LOG.debugf("job %s: the registry cannot say yet: %s", job.id, e.getMessage());
      }
    }
  }
}
