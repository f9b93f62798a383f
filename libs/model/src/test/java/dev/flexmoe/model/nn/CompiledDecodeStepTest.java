package dev.flexmoe.model.nn;

import static dev.flexmoe.model.nn.ModelFixtures.randomMoe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.FlexOlmoModel.Decoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compiled decode step gives the logits and the routing of the eager step it replaces, on every
 * path of the step: dense and grouped-query attention, rows out of slot order as sequences join and
 * leave, per-row masks, the router bias, every MoE dispatch and renormalized top-k.
 */
class CompiledDecodeStepTest extends TensorTest {

  /** What one model gave for a plan: every step's logits [rows][vocab], every layer's routing. */
  private record Run(List<float[][]> logits, List<List<RoutingTrace.Choice>> routing) {}

  /**
   * Runs the same plan through a model: three sequences join, decode together, one leaves, a new
   * one takes its slot (so rows stop being in slot order), all with their own masks.
   */
  private Run run(ModelWeights weights, Decoding decoding, Forward base, boolean rowMasks) {
    return run(weights, decoding, base, rowMasks, 3);
  }

  /** As above with {@code sequences} at the start; one sequence decodes alone, nobody joins. */
  private Run run(
      ModelWeights weights, Decoding decoding, Forward base, boolean rowMasks, int sequences) {
    FlexOlmoModel model = new FlexOlmoModel(weights, decoding);
    int experts = model.config().numExperts();
    List<ExpertMask> masks =
        List.of(
            ExpertMask.all(experts),
            ExpertMask.excluding(experts, experts > 2 ? List.of(2) : List.of()),
            ExpertMask.only(experts, List.of()),
            ExpertMask.excluding(experts, experts > 1 ? List.of(1) : List.of()));
    List<float[][]> logits = new ArrayList<>();
    RoutingTrace trace =
        RoutingTrace.keepingChoices(model.config().numHiddenLayers(), model.config().numExperts());
    Random random = new Random(7);
    try (DecodeBatch batch = new DecodeBatch(manager, model.config(), 3)) {
      List<KvCache> rows = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      for (int sequence = 0; sequence < sequences; sequence++) {
        rows.add(prefill(model, batch, masks.get(sequence), 3 + 4 * sequence, random));
        owners.add(sequence);
      }
      for (int step = 0; step < 12; step++) {
        if (step == 4 && sequences > 1) {
          batch.leave(rows.remove(0));
          owners.remove(0);
        }
        if (step == 7 && sequences > 1) {
          rows.add(prefill(model, batch, masks.get(3), 5, random));
          owners.add(3);
        }
        long[] ids = new long[rows.size()];
        List<ExpertMask> stepMasks = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
          ids[i] = random.nextInt(ModelFixtures.VOCAB);
          stepMasks.add(masks.get(owners.get(i)));
        }
        Forward forward =
            (rowMasks
                    ? base.withRowMasks(stepMasks)
                    : base.mask() != null ? base : base.withMask(masks.get(owners.get(0))))
                .withTrace(trace);
        try (NDManager scope = manager.newSubManager()) {
          NDArray out =
              model.decode(scope.create(ids, new Shape(ids.length, 1)), batch, rows, forward);
          float[][] perRow = new float[ids.length][];
          for (int i = 0; i < ids.length; i++) {
            perRow[i] = out.get(i).toFloatArray();
          }
          logits.add(perRow);
        }
      }
    }
    List<List<RoutingTrace.Choice>> routing = new ArrayList<>();
    for (int layer = 0; layer < trace.layers(); layer++) {
      routing.add(trace.choices(layer));
    }
    return new Run(logits, routing);
  }

  private static KvCache prefill(
      FlexOlmoModel model, DecodeBatch batch, ExpertMask mask, int length, Random random) {
    KvCache cache = batch.join();
    long[] prompt = random.longs(length, 0, ModelFixtures.VOCAB).toArray();
    try (NDManager scope = model.weights().manager().getParentManager().newSubManager()) {
      model.forward(
          scope.create(prompt, new Shape(1, length)),
          Forward.defaults().withMask(mask).withCache(cache));
    }
    return cache;
  }

  private void assertSame(ModelWeights weights, Forward forward, boolean rowMasks, float within) {
    assertSame(weights, forward, rowMasks, within, 3);
  }

  private void assertSame(
      ModelWeights weights, Forward forward, boolean rowMasks, float within, int sequences) {
    Run eager = run(weights, Decoding.EAGER, forward, rowMasks, sequences);
    Run compiled = run(weights, Decoding.COMPILED, forward, rowMasks, sequences);
    float worst = 0;
    for (int step = 0; step < eager.logits().size(); step++) {
      float[][] expected = eager.logits().get(step);
      float[][] actual = compiled.logits().get(step);
      assertThat(actual.length).isEqualTo(expected.length);
      for (int row = 0; row < expected.length; row++) {
        for (int i = 0; i < expected[row].length; i++) {
          worst = Math.max(worst, Math.abs(expected[row][i] - actual[row][i]));
        }
      }
    }
    assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(within);
    for (int layer = 0; layer < eager.routing().size(); layer++) {
      List<RoutingTrace.Choice> expected = eager.routing().get(layer);
      List<RoutingTrace.Choice> actual = compiled.routing().get(layer);
      assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
      for (int token = 0; token < expected.size(); token++) {
        assertThat(actual.get(token).experts()).containsExactly(expected.get(token).experts());
        float[] mixing = expected.get(token).weights();
        for (int j = 0; j < mixing.length; j++) {
          assertThat(actual.get(token).weights()[j]).isCloseTo(mixing[j], within(1e-6f));
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within(float offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  @Test
  void aDenseModelWithGroupedQueryAttentionDecodesBitForBit() {
    FlexOlmoConfig micro = FlexOlmoConfig.micro(ModelFixtures.VOCAB);
    assertThat(micro.numKeyValueHeads()).isLessThan(micro.numAttentionHeads());
    assertSame(ModelWeights.initialize(micro, manager, 3), Forward.defaults(), true, 0f);
  }

  @Test
  void aLoneSequenceDecodesAsInTheEagerStep() {
    FlexOlmoConfig micro = FlexOlmoConfig.micro(ModelFixtures.VOCAB);
    assertSame(ModelWeights.initialize(micro, manager, 4), Forward.defaults(), true, 0f, 1);
    ModelWeights moe = randomMoe(manager, 4, 2, 14);
    assertSame(moe, Forward.defaults(), true, 1e-5f, 1);
    // the public expert alone: the compiled step skips the router, exactly
    ExpertMask publicOnly = ExpertMask.only(4, List.of());
    assertSame(moe, Forward.defaults().withMask(publicOnly), false, 0f, 1);
  }

  @Test
  void mixedRowsWithTheirOwnMasksAndTheRouterBiasMatchTheEagerStep() {
    ModelWeights weights = randomMoe(manager, 4, 2, 11);
    Random random = new Random(3);
    for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
      float[] bias = {0f, 0.4f, -0.7f, (float) random.nextGaussian()};
      weights.put(TensorNames.routerBias(layer), manager.create(bias));
    }
    assertSame(weights, Forward.defaults(), true, 1e-5f);
    assertSame(weights, Forward.defaults().withRouterBias(false), true, 1e-5f);
  }

  @Test
  void everyDispatchPathMatchesTheEagerStep() {
    ModelWeights weights = randomMoe(manager, 4, 2, 12);
    // sorted dispatch for any number of rows; one shared mask; every expert for every token
    assertSame(weights, Forward.defaults().withDispatch(Dispatch.SORTED), true, 1e-5f);
    assertSame(weights, Forward.defaults(), false, 1e-5f);
    assertSame(weights, Forward.defaults().withTopK(4), true, 1e-5f);
    assertSame(weights, Forward.defaults().withTopK(1), true, 1e-5f);
  }

  @Test
  void renormalizedTopKMatchesTheEagerStep() {
    ModelWeights plain = randomMoe(manager, 3, 2, 13);
    FlexOlmoConfig c = plain.config();
    FlexOlmoConfig renormalized =
        new FlexOlmoConfig(
            c.vocabSize(),
            c.hiddenSize(),
            c.intermediateSize(),
            c.numHiddenLayers(),
            c.numAttentionHeads(),
            c.numKeyValueHeads(),
            c.numExperts(),
            c.numExpertsPerTok(),
            true,
            c.rmsNormEps(),
            c.ropeTheta(),
            c.maxPositionEmbeddings(),
            c.tieWordEmbeddings(),
            c.initializerRange(),
            c.eosTokenId());
    ModelWeights weights = ModelWeights.empty(renormalized, manager);
    plain.tensors().forEach((name, tensor) -> weights.put(name, tensor.duplicate()));
    assertSame(weights, Forward.defaults(), true, 1e-5f);
  }
}
