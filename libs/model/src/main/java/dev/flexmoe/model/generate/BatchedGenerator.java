package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.DecodeBatch;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.KvCache;
import dev.flexmoe.model.nn.RoutingTrace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Decodes many sequences together, one token each per {@link #step()}: the engine for continuous
 * batching. Sequences join ({@link #add}: their prompt is prefilled into a free slot) and leave
 * (when done) between steps without touching the others' caches; every sequence keeps its own
 * position, sampling and expert mask, and gets the tokens it would get decoding alone.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class BatchedGenerator implements AutoCloseable {

  /** One sequence in the batch. */
  public static final class Sequence {
    private final KvCache cache;
    private ExpertMask mask;
    private final Sampling.Sampler sampler;
    private final IntPredicate stop;
    private final int budget;
    private final List<Integer> generated = new ArrayList<>();
    private final Scoring scoring;
    private final List<TokenScore> promptScores = new ArrayList<>();
    private final List<TokenScore> scores = new ArrayList<>();
    private final double[] routed;
    private boolean finished;

    private Sequence(
        KvCache cache,
        ExpertMask mask,
        Sampling sampling,
        IntPredicate stop,
        int budget,
        Scoring scoring,
        int experts) {
      this.scoring = scoring;
      this.routed = new double[experts];
      this.cache = cache;
      this.mask = mask;
      this.sampler = sampling.sampler();
      this.stop = stop;
      this.budget = budget;
    }

    /** The tokens generated so far, prompt excluded. */
    public List<Integer> generated() {
      return Collections.unmodifiableList(generated);
    }

    /**
     * The scores of the prompt's tokens from the second on (the first has no context to be
     * predicted from), when {@link Scoring#prompt()} asked for them; else empty.
     */
    public List<TokenScore> promptScores() {
      return Collections.unmodifiableList(promptScores);
    }

    /** The scores of the generated tokens, when {@link Scoring} asked for them; else empty. */
    public List<TokenScore> scores() {
      return Collections.unmodifiableList(scores);
    }

    /**
     * Per expert (router row), the tokens routed to it so far, prompt included: for each token the
     * share of layers in which the expert was among its top k with a weight above zero. Zero
     * everywhere unless the generator attributes ({@link BatchedGenerator#attributing}).
     */
    public double[] routedTokens() {
      return routed.clone();
    }

    /** The newest token. */
    public int last() {
      return generated.get(generated.size() - 1);
    }

    /** Whether it stopped (a stop token, its budget, the context, a cancel) and left the batch. */
    public boolean finished() {
      return finished;
    }

    /**
     * The experts its next tokens may use (null for all): a license revoked mid-sequence applies
     * from the next step on; the tokens already cached stay as they were computed.
     */
    public void useExperts(ExpertMask experts) {
      this.mask = experts;
    }

    /** Takes the token sampled from {@code logits} [vocab]. */
    private void accept(int token, NDArray logits) {
      if (scoring != null) {
        scores.add(TokenScore.of(logits, token, scoring.top()));
      }
      generated.add(token);
      finished = stop.test(token) || generated.size() >= budget;
    }
  }

  private final FlexOlmoModel model;
  private final NDManager parent;
  private final DecodeBatch batch;
  private final int topK;
  private final boolean attribute;
  private final List<Sequence> running = new ArrayList<>();

  /**
   * @param slots the most sequences decoded at once
   * @param topK experts per token; 0 for the config's
   */
  public BatchedGenerator(FlexOlmoModel model, int slots, int topK) {
    this(model, slots, topK, false);
  }

  private BatchedGenerator(FlexOlmoModel model, int slots, int topK, boolean attribute) {
    this.attribute = attribute;
    this.model = model;
    this.parent = model.weights().manager().getParentManager();
    this.batch = new DecodeBatch(parent, model.config(), slots);
    this.topK = topK;
  }

  /**
   * A generator that also counts, per sequence, the tokens each expert was routed (see {@link
   * Sequence#routedTokens}): what usage attribution needs, at the cost of reading every layer's
   * routing back each step.
   */
  public static BatchedGenerator attributing(FlexOlmoModel model, int slots, int topK) {
    return new BatchedGenerator(model, slots, topK, true);
  }

  /** Sequences decoding now. */
  public int running() {
    return running.size();
  }

  /** The most sequences decoded at once. */
  public int slots() {
    return batch.slots();
  }

  /** Whether another sequence can join. */
  public boolean hasRoom() {
    return batch.occupied() < batch.slots();
  }

  /**
   * What to score besides generating: each generated token's log probability with the {@code top}
   * most likely alternatives, and with {@code prompt} the prompt's own tokens too.
   */
  public record Scoring(int top, boolean prompt) {
    public Scoring {
      if (top < 0) {
        throw new IllegalArgumentException("top must be at least 0, not " + top);
      }
    }
  }

  /**
   * Prefills {@code prompt} into a free slot and samples its first token.
   *
   * @param mask the experts this sequence may use; null for all
   * @throws IllegalStateException when no slot is free
   */
  public Sequence add(
      int[] prompt, int maxNewTokens, Sampling sampling, IntPredicate stop, ExpertMask mask) {
    return add(prompt, maxNewTokens, sampling, stop, mask, null);
  }

  /**
   * As {@link #add(int[], int, Sampling, IntPredicate, ExpertMask)}, scoring as asked ({@code null}
   * for no scores); with {@code maxNewTokens} 0 the prompt is only scored.
   */
  public Sequence add(
      int[] prompt,
      int maxNewTokens,
      Sampling sampling,
      IntPredicate stop,
      ExpertMask mask,
      Scoring scoring) {
    int context = model.config().maxPositionEmbeddings();
    if (prompt.length == 0 || prompt.length >= context) {
      throw new IllegalArgumentException(
          "a prompt has 1 to " + (context - 1) + " tokens, not " + prompt.length);
    }
    if (maxNewTokens < 0 || (maxNewTokens == 0 && (scoring == null || !scoring.prompt()))) {
      throw new IllegalArgumentException(
          "maxNewTokens must be at least 1 (0 only to score the prompt), not " + maxNewTokens);
    }
    KvCache cache = batch.join();
    Sequence sequence =
        new Sequence(
            cache,
            mask,
            sampling,
            stop,
            Math.min(maxNewTokens, context - prompt.length),
            scoring,
            model.config().numExperts());
    try (NDManager scope = parent.newSubManager()) {
      long[] ids = new long[prompt.length];
      for (int i = 0; i < prompt.length; i++) {
        ids[i] = prompt[i];
      }
      RoutingTrace trace = trace();
      Forward forward =
          Forward.defaults().withTopK(topK).withMask(mask).withCache(cache).withTrace(trace);
      NDArray logits = model.forward(scope.create(ids, new Shape(1, ids.length)), forward).logits();
      attribute(trace, token -> sequence);
      if (scoring != null && scoring.prompt()) {
        for (int i = 1; i < prompt.length; i++) {
          sequence.promptScores.add(
              TokenScore.of(logits.get(new NDIndex("0, {}", i - 1)), prompt[i], scoring.top()));
        }
      }
      if (sequence.budget == 0) {
        sequence.finished = true;
      } else {
        NDArray last = logits.get(new NDIndex("0, -1"));
        sequence.accept(sequence.sampler.next(last), last);
      }
    } catch (RuntimeException e) {
      batch.leave(cache);
      throw e;
    }
    if (sequence.finished) {
      batch.leave(cache);
    } else {
      running.add(sequence);
    }
    return sequence;
  }

  /**
   * One token for every running sequence, in one forward pass; those that finish leave.
   *
   * @return the sequences that got a token, in the order they joined
   */
  public List<Sequence> step() {
    if (running.isEmpty()) {
      return List.of();
    }
    List<Sequence> advanced = List.copyOf(running);
    try (NDManager scope = parent.newSubManager()) {
      long[] tokens = new long[advanced.size()];
      List<KvCache> rows = new ArrayList<>(advanced.size());
      List<ExpertMask> masks = new ArrayList<>(advanced.size());
      for (int i = 0; i < advanced.size(); i++) {
        Sequence sequence = advanced.get(i);
        tokens[i] = sequence.last();
        rows.add(sequence.cache);
        masks.add(
            sequence.mask != null ? sequence.mask : ExpertMask.all(model.config().numExperts()));
      }
      RoutingTrace trace = trace();
      Forward forward = Forward.defaults().withTopK(topK).withRowMasks(masks).withTrace(trace);
      NDArray logits =
          model.decode(scope.create(tokens, new Shape(tokens.length, 1)), batch, rows, forward);
      long[] next =
          Sampling.next(logits, advanced.stream().map(sequence -> sequence.sampler).toList());
      attribute(trace, advanced::get);
      for (int i = 0; i < advanced.size(); i++) {
        advanced.get(i).accept((int) next[i], logits.get(i));
      }
    }
    for (Sequence sequence : advanced) {
      if (sequence.finished) {
        running.remove(sequence);
        batch.leave(sequence.cache);
      }
    }
    return advanced;
  }

  /** A trace that keeps each token's routing, when attributing; else none. */
  private RoutingTrace trace() {
    return attribute
        ? RoutingTrace.keepingChoices(model.config().numHiddenLayers(), model.config().numExperts())
        : null;
  }

  /**
   * Adds each token of the traced pass to the routed tokens of the sequence {@code owner} names for
   * it (the token's row in a decode step; the one sequence in a prefill).
   */
  private static void attribute(RoutingTrace trace, IntFunction<Sequence> owner) {
    if (trace == null) {
      return;
    }
    double perLayer = 1.0 / trace.layers();
    for (int layer = 0; layer < trace.layers(); layer++) {
      List<RoutingTrace.Choice> choices = trace.choices(layer);
      for (int token = 0; token < choices.size(); token++) {
        RoutingTrace.Choice choice = choices.get(token);
        double[] routed = owner.apply(token).routed;
        for (int j = 0; j < choice.experts().length; j++) {
          // an excluded expert can fill a row's top k at weight 0: it served nothing
          if (choice.weights()[j] > 0) {
            routed[choice.experts()[j]] += perLayer;
          }
        }
      }
    }
  }

  /** Ends a sequence before its own stop (a stop string, a client gone) and frees its slot. */
  public void cancel(Sequence sequence) {
    if (!sequence.finished) {
      sequence.finished = true;
      running.remove(sequence);
      batch.leave(sequence.cache);
    }
  }

  @Override
  public void close() {
    batch.close();
  }
}
