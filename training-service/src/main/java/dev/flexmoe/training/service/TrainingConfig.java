package dev.flexmoe.training.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code training.*} settings (application.properties documents each). */
@ConfigMapping(prefix = "training")
public interface TrainingConfig {

  /** The owner this service trains for. */
  String owner();

  /** Local corpora are read only inside these folders. */
  @WithName("data-roots")
  List<Path> dataRoots();

  /** Jobs' checkpoints, artifacts and logs. */
  @WithName("work-root")
  Path workRoot();

  /** The owner's key pair is PREFIX.key and PREFIX.pub, made on first start when absent. */
  @WithName("key-prefix")
  Path keyPrefix();

  /** How often registered experts' states are read back from the registry. */
  @WithName("registry-poll-interval")
  Duration registryPollInterval();

  Progress progress();

  Worker worker();

  interface Progress {
    /** Progress is published at most this often per job. */
    Duration interval();
  }

  interface Worker {
    /** Options of each job's JVM, separated by spaces. */
    @WithName("jvm-options")
    String jvmOptions();
  }
}
