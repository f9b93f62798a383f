package dev.flexmoe.inference.service;

import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.nn.ExpertMask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Continuous batching on one thread (every tensor operation of serving happens here): waiting
 * choices join their version's batch when it has room, taking tenants in turn so that one tenant's
 * burst cannot starve the others; then every batch advances all its sequences by one token in one
 * forward pass, each with its own experts. Before each step every sequence's experts are decided
 * again, so a revoked license stops an expert's use at the next token.
 */
@ApplicationScoped
public class DecodeEngine {

  private static final Logger LOG = Logger.getLogger(DecodeEngine.class);

  @ConfigProperty(name = "inference.max-queued")
  int maxQueued;

  @Inject Access access;

  @Inject UsageMeter usage;

  @Inject MeterRegistry metrics;

  private final Object lock = new Object();
  private final Map<String, ArrayDeque<Choice>> waiting = new LinkedHashMap<>();
  private final List<Choice> running = new ArrayList<>();
  private int queued;
  private volatile boolean stopping;
  private Thread thread;
  private DistributionSummary batchSizes;
  private Timer firstToken;
  private Timer stepTime;
  private Counter promptTokens;
  private Counter completionTokens;

  void start(@Observes StartupEvent startup) {
    batchSizes = metrics.summary("inference.batch.size");
    firstToken = metrics.timer("inference.time.to.first.token");
    stepTime = metrics.timer("inference.decode.step");
    promptTokens = metrics.counter("inference.tokens", "kind", "prompt");
    completionTokens = metrics.counter("inference.tokens", "kind", "completion");
    metrics.gauge("inference.queue.length", this, DecodeEngine::queued);
    thread = new Thread(this::run, "decode-engine");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Queues a request's choices, all or none.
   *
   * @throws InferenceException.Overloaded when more than the configured number wait
   */
  void submit(List<Choice> choices) {
    synchronized (lock) {
      if (queued + choices.size() > maxQueued) {
        throw new InferenceException.Overloaded(
            queued + " completions are waiting; try again in a moment");
      }
      for (Choice choice : choices) {
        waiting.computeIfAbsent(choice.tenant, tenant -> new ArrayDeque<>()).add(choice);
      }
      queued += choices.size();
      lock.notifyAll();
    }
  }

  /** Completions waiting to join a batch. */
  int queued() {
    synchronized (lock) {
      return queued;
    }
  }

  private void run() {
    while (!stopping) {
      try {
        admit();
        if (running.isEmpty()) {
          awaitWork();
          continue;
        }
        step();
      } catch (RuntimeException e) {
        LOG.error("decode step failed; its sequences end", e);
        new ArrayList<>(running).forEach(choice -> finish(choice, "error"));
      }
    }
  }

  private void awaitWork() {
    synchronized (lock) {
      while (queued == 0 && !stopping) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Moves waiting choices into their batches, one tenant after the other, while there is room. */
  private void admit() {
    List<Choice> admitted = new ArrayList<>();
    synchronized (lock) {
      boolean progress = true;
      while (progress && queued > 0) {
        progress = false;
        for (Iterator<ArrayDeque<Choice>> tenants = waiting.values().iterator();
            tenants.hasNext(); ) {
          ArrayDeque<Choice> queue = tenants.next();
          Choice next = queue.peek();
          if (next != null && next.version.batch().hasRoom() && !reserved(admitted, next)) {
            admitted.add(queue.poll());
            queued--;
            progress = true;
          }
          if (queue.isEmpty()) {
            tenants.remove();
          }
        }
      }
    }
    admitted.forEach(this::begin);
  }

  /** Whether the choices admitted in this round already fill {@code next}'s batch. */
  private static boolean reserved(List<Choice> admitted, Choice next) {
    BatchedGenerator batch = next.version.batch();
    long sameBatch = admitted.stream().filter(choice -> choice.version == next.version).count();
    return batch.running() + sameBatch >= batch.slots();
  }

  private void begin(Choice choice) {
    try {
      start(choice);
    } catch (RuntimeException e) {
      LOG.error("a completion could not start", e);
      running.remove(choice);
      try {
        choice.listener.finished("error", choice);
      } finally {
        choice.version.release();
      }
    }
  }

  private void start(Choice choice) {
    choice.experts = access.experts(choice.version, choice.tenant, choice.selection);
    choice.expertsUsed.addAll(choice.experts);
    ExpertMask mask = choice.version.mask(choice.experts);
    long eos = choice.version.tokenizer().eosId();
    choice.sequence =
        choice
            .version
            .batch()
            .add(
                choice.promptIds(),
                choice.maxTokens,
                choice.sampling,
                token -> token == eos,
                mask,
                choice.scoring);
    running.add(choice);
    accept(choice);
  }

  private void step() {
    Set<ServedVersion> versions = new LinkedHashSet<>();
    for (Choice choice : running) {
      List<String> now = access.experts(choice.version, choice.tenant, choice.selection);
      if (!now.equals(choice.experts)) {
        choice.experts = now;
        choice.sequence.useExperts(choice.version.mask(now));
      }
      choice.expertsUsed.addAll(now);
      versions.add(choice.version);
    }
    for (ServedVersion version : versions) {
      batchSizes.record(version.batch().running());
      long start = System.nanoTime();
      version.batch().step();
      stepTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    new ArrayList<>(running).forEach(this::accept);
  }

  /**
   * With {@code echo}, the prompt's text before the completion's; with {@code logprobs}, the scores
   * of the tokens the text kept (not the end-of-text token, none past a stop string).
   */
  private static void scoreAndEcho(Choice choice) {
    String completion = choice.text;
    String prefix = choice.promptText == null ? "" : choice.promptText;
    choice.text = prefix + completion;
    if (choice.scoring == null) {
      return;
    }
    var tokenizer = choice.version.tokenizer();
    List<dev.flexmoe.model.generate.TokenScore> kept = new ArrayList<>();
    long[] ids = choice.sequence.generated().stream().mapToLong(Integer::longValue).toArray();
    for (int i = 0; i < choice.sequence.scores().size(); i++) {
      int token = choice.sequence.scores().get(i).token();
      boolean inText =
          token != tokenizer.eosId()
              && tokenizer.decode(java.util.Arrays.copyOf(ids, i)).length() < completion.length();
      if (!inText) {
        break;
      }
      kept.add(choice.sequence.scores().get(i));
    }
    choice.logprobs =
        Logprobs.of(
            tokenizer,
            choice.promptText == null ? null : choice.prompt,
            choice.sequence.promptScores(),
            kept,
            prefix.length());
  }

  /** Takes the sequence's newest token: text to the listener, and the end when it came. */
  private void accept(Choice choice) {
    if (!running.contains(choice)) {
      return;
    }
    BatchedGenerator.Sequence sequence = choice.sequence;
    choice.completionTokens = sequence.generated().size();
    if (!choice.firstTokenSeen && choice.completionTokens > 0) {
      choice.firstTokenSeen = true;
      firstToken.record(System.nanoTime() - choice.submittedNanos, TimeUnit.NANOSECONDS);
    }
    if (sequence.generated().isEmpty()) {
      // max_tokens 0: the prompt was only scored
      finish(choice, "length");
      return;
    }
    List<Integer> generated = sequence.generated();
    long eos = choice.version.tokenizer().eosId();
    boolean endOfText = !generated.isEmpty() && generated.get(generated.size() - 1) == eos;
    long[] ids =
        generated.stream()
            .limit(endOfText ? generated.size() - 1 : generated.size())
            .mapToLong(Integer::longValue)
            .toArray();
    String text = choice.version.tokenizer().decode(ids);
    String reason = null;
    for (String stop : choice.stops) {
      int at = text.indexOf(stop);
      if (at >= 0) {
        text = text.substring(0, at);
        reason = "stop";
      }
    }
    if (text.startsWith(choice.text) && text.length() > choice.text.length()) {
      choice.listener.text(text.substring(choice.text.length()));
    }
    choice.text = text;
    if (reason != null) {
      choice.version.batch().cancel(sequence);
      finish(choice, reason);
    } else if (sequence.finished()) {
      finish(choice, endOfText ? "stop" : "length");
    }
  }

  private void finish(Choice choice, String reason) {
    running.remove(choice);
    if (choice.sequence != null && !choice.sequence.finished()) {
      choice.version.batch().cancel(choice.sequence);
    }
    if (choice.sequence != null) {
      scoreAndEcho(choice);
    }
    usage.record(choice);
    promptTokens.increment(choice.prompt.length);
    completionTokens.increment(choice.completionTokens);
    try {
      choice.listener.finished(reason, choice);
    } finally {
      choice.version.release();
    }
  }
}
