package dev.flexmoe.inference.service;

import dev.flexmoe.events.ModelVersionPublished;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The version being served. A newly published one is loaded beside it and swapped in at once;
 * requests already running finish on the version they started on, whose memory is freed when the
 * last of them ends. A version that does not load leaves the current one serving. Version numbers
 * only grow: an older or repeated publication is ignored.
 */
@ApplicationScoped
public class Serving {

  private static final Logger LOG = Logger.getLogger(Serving.class);

  @ConfigProperty(name = "inference.model-name")
  String modelName;

  @Inject VersionLoader loader;

  @Inject MeterRegistry metrics;

  private final AtomicReference<ServedVersion> current = new AtomicReference<>();
  private volatile String lastFailure;

  public String modelName() {
    return modelName;
  }

  /** Serves {@code published} if it is a newer version of this service's model. */
  public void publish(ModelVersionPublished published) {
    if (!published.modelName().equals(modelName)) {
      return;
    }
    ServedVersion serving = current.get();
    if (serving != null && published.version() <= serving.number()) {
      return;
    }
    Timer.Sample sample = Timer.start(metrics);
    try {
      ServedVersion loaded = loader.load(published);
      ServedVersion previous = current.getAndSet(loaded);
      if (previous != null) {
        previous.release();
      }
      lastFailure = null;
      sample.stop(metrics.timer("inference.reload.seconds", "outcome", "loaded"));
      LOG.infof("serving %s version %d", modelName, published.version());
    } catch (RuntimeException e) {
      lastFailure = "version " + published.version() + ": " + e.getMessage();
      sample.stop(metrics.timer("inference.reload.seconds", "outcome", "failed"));
      LOG.errorf(e, "version %d of %s not served", published.version(), modelName);
    }
  }

  /**
   * The current version, held for one request until {@link ServedVersion#release}; empty while no
   * version is loaded.
   */
  public Optional<ServedVersion> acquire() {
    while (true) {
      ServedVersion version = current.get();
      if (version == null) {
        return Optional.empty();
      }
      if (version.hold()) {
        return Optional.of(version);
      }
    }
  }

  /** The number of the version served now, if any. */
  public Optional<Long> currentNumber() {
    ServedVersion version = current.get();
    return version == null ? Optional.empty() : Optional.of(version.number());
  }

  /** Why the last published version was not served, if it was not. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @PreDestroy
  void stop() {
    ServedVersion version = current.getAndSet(null);
    if (version != null) {
      version.release();
    }
  }
}
