package dev.flexmoe.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution: the tokens each owner's expert served, per tenant and version, summed until the next
 * {@link #drain}. A completion's prompt and generated tokens count for every expert that was in its
 * active set (the public expert excluded): the experts the tenant's request could route to.
 */
@ApplicationScoped
public class UsageMeter {

  /** One line of a usage window. */
  public record Key(String expertId, String tenant, String model, long version) {}

  /** The usage of {@code [start, end)}. */
  public record Window(Instant start, Instant end, Map<Key, Long> tokens) {}

  @Inject MeterRegistry metrics;

  private final Object lock = new Object();
  private Map<Key, Long> tokens = new HashMap<>();
  private Instant windowStart = Instant.now();

  void record(Choice choice) {
    if (choice.sequence == null) {
      return;
    }
    double[] routed = choice.sequence.routedTokens();
    List<String> experts = choice.version.experts();
    synchronized (lock) {
      for (int row = 1; row < experts.size(); row++) {
        long count = Math.round(routed[row]);
        if (count > 0) {
          String expert = experts.get(row);
          tokens.merge(
              new Key(expert, choice.tenant, choice.version.modelName(), choice.version.number()),
              count,
              Long::sum);
          metrics.counter("inference.expert.tokens", "expert", expert).increment(count);
        }
      }
    }
  }

  /** The usage since the last drain, and a new window from now; empty tokens when none. */
  public Window drain() {
    Instant end = Instant.now();
    synchronized (lock) {
      Window window = new Window(windowStart, end, tokens);
      tokens = new HashMap<>();
      windowStart = end;
      return window;
    }
  }
}
