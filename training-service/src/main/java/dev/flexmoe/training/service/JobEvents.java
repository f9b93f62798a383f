package dev.flexmoe.training.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live events of each job for its watchers: every state change and every step. Nothing is kept for
 * a watcher that is not there; a new watcher starts from the job's current state.
 */
@ApplicationScoped
public class JobEvents {

  private final Map<UUID, BroadcastProcessor<JobEvent>> live = new ConcurrentHashMap<>();

  /** The current state, then what happens until the job finishes. */
  Multi<JobEvent> follow(JobStatus now) {
    Multi<JobEvent> first = Multi.createFrom().item(new JobEvent.State(now));
    if (now.settled()) {
      return first;
    }
    return Multi.createBy().concatenating().streams(first, processor(now.id()));
  }

  void state(JobStatus job) {
    BroadcastProcessor<JobEvent> processor = live.get(job.id());
    if (processor == null) {
      return;
    }
    processor.onNext(new JobEvent.State(job));
    if (job.settled()) {
      live.remove(job.id());
      processor.onComplete();
    }
  }

  void progress(UUID job, JobEvent.Progress progress) {
    BroadcastProcessor<JobEvent> processor = live.get(job);
    if (processor != null) {
      processor.onNext(progress);
    }
  }

  private BroadcastProcessor<JobEvent> processor(UUID job) {
    return live.computeIfAbsent(job, id -> BroadcastProcessor.create());
  }
}
