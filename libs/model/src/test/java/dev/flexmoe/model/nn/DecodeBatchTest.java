package dev.flexmoe.model.nn;

import static dev.flexmoe.model.nn.ModelFixtures.maxAbsDiff;
import static dev.flexmoe.model.nn.ModelFixtures.randomMoe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batched decode step gives every row the logits its sequence gets decoding alone with its own
 * mask and position, whatever the other rows are, which slots they hold and when they joined.
 */
class DecodeBatchTest extends TensorTest {

  private static final int EXPERTS = 4;

  private FlexOlmoModel model;

  @BeforeEach
  void makeTheModel() {
    ModelWeights weights = randomMoe(manager, EXPERTS, 2, 21);
    model = new FlexOlmoModel(weights);
  }

  /** A sequence: its prompt, the tokens fed after it, its mask. */
  private record Script(long[] prompt, long[] fed, ExpertMask mask) {}

  private final Script first =
      new Script(new long[] {5, 9, 2}, new long[] {7, 7, 1, 30, 4, 8}, ExpertMask.all(EXPERTS));
  private final Script second =
      new Script(
          new long[] {11, 3, 3, 60, 2, 9, 14, 1},
          new long[] {2, 40, 41, 42, 6, 5},
          ExpertMask.excluding(EXPERTS, List.of(2)));
  private final Script third =
      new Script(new long[] {80, 1}, new long[] {3, 9, 27}, ExpertMask.only(EXPERTS, List.of()));

  /** The logits of each fed token, decoding the script alone with a cache of its own. */
  private List<NDArray> alone(Script script) {
    List<NDArray> steps = new ArrayList<>();
    try (KvCache cache = new KvCache(manager, model.config())) {
      Forward forward = Forward.defaults().withMask(script.mask()).withCache(cache);
      model.forward(tokens(script.prompt()), forward);
      for (long token : script.fed()) {
        NDArray logits = model.forward(tokens(new long[] {token}), forward).logits();
        NDArray row = logits.get(new NDIndex("0, 0"));
        row.attach(manager);
        steps.add(row);
      }
    }
    return steps;
  }

  private NDArray tokens(long[] ids) {
    return manager.create(ids, new Shape(1, ids.length));
  }

  private KvCache prefill(DecodeBatch batch, Script script) {
    KvCache cache = batch.join();
    model.forward(
        tokens(script.prompt()), Forward.defaults().withMask(script.mask()).withCache(cache));
    return cache;
  }

  private NDArray step(DecodeBatch batch, List<KvCache> rows, List<Script> scripts, int[] next) {
    long[] ids = new long[rows.size()];
    List<ExpertMask> masks = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ids[i] = scripts.get(i).fed()[next[i]++];
      masks.add(scripts.get(i).mask());
    }
    return model.decode(
        manager.create(ids, new Shape(ids.length, 1)),
        batch,
        rows,
        Forward.defaults().withRowMasks(masks));
  }

  @Test
  void everyRowEqualsItsSequenceDecodedAloneAsSequencesJoinAndLeave() {
    List<NDArray> firstAlone = alone(first);
    List<NDArray> secondAlone = alone(second);
    List<NDArray> thirdAlone = alone(third);

    try (DecodeBatch batch = new DecodeBatch(manager, model.config(), 4)) {
      KvCache a = prefill(batch, first); // slot 0
      KvCache placeholder = batch.join(); // slot 1, left at once: a hole
      KvCache b = prefill(batch, second); // slot 2
      batch.leave(placeholder);
      int[] next = new int[2];
      for (int s = 0; s < 3; s++) {
        // rows in another order than the slots: the step must map them
        NDArray logits = step(batch, List.of(b, a), List.of(second, first), next);
        assertThat(maxAbsDiff(logits.get(0), secondAlone.get(s))).isLessThan(1e-5f);
        assertThat(maxAbsDiff(logits.get(1), firstAlone.get(s))).isLessThan(1e-5f);
      }
      KvCache c = prefill(batch, third); // takes the hole, slot 1
      int[] nextAll = {next[1], next[0], 0};
      for (int s = 0; s < 3; s++) {
        NDArray logits = step(batch, List.of(a, b, c), List.of(first, second, third), nextAll);
        assertThat(maxAbsDiff(logits.get(0), firstAlone.get(3 + s))).isLessThan(1e-5f);
        assertThat(maxAbsDiff(logits.get(1), secondAlone.get(3 + s))).isLessThan(1e-5f);
        assertThat(maxAbsDiff(logits.get(2), thirdAlone.get(s))).isLessThan(1e-5f);
      }
      assertThat(List.of(a.length(), b.length(), c.length()))
          .containsExactly(
              first.prompt().length + 6, second.prompt().length + 6, third.prompt().length + 3);
    }
  }

  @Test
  void aFullBatchAndAForeignCacheAreRefused() {
    try (DecodeBatch batch = new DecodeBatch(manager, model.config(), 1);
        KvCache foreign = new KvCache(manager, model.config())) {
      KvCache only = batch.join();
      assertThatThrownBy(batch::join)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("all 1 slots are taken");
      assertThatThrownBy(
              () ->
                  model.decode(
                      manager.create(new long[] {1}, new Shape(1, 1)),
                      batch,
                      List.of(foreign),
                      Forward.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("that cache holds no slot of this batch");
      batch.leave(only);
      assertThat(batch.occupied()).isZero();
    }
  }

  @Test
  void aCacheRefusesTokensBeyondTheContext() {
    int context = model.config().maxPositionEmbeddings();
    try (KvCache cache = new KvCache(manager, model.config())) {
      Forward forward = Forward.defaults().withCache(cache);
      model.forward(
          manager.zeros(new Shape(1, context - 1), ai.djl.ndarray.types.DataType.INT64), forward);
      model.forward(tokens(new long[] {1}), forward);
      assertThat(cache.length()).isEqualTo(context);
      assertThatThrownBy(() -> model.forward(tokens(new long[] {1}), forward))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exceed the context of " + context);
    }
  }
}
