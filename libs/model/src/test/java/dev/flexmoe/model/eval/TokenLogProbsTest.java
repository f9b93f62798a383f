package dev.flexmoe.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenLogProbsTest {

  @Test
  void batchedWindowsScoreLikeOneDocumentAtATimeAndSumToBitsPerByte() {
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoModel model =
          new FlexOlmoModel(
              ModelWeights.initialize(FlexOlmoConfig.micro(40).withExperts(3, 2), manager, 5));
      Random random = new Random(1);
      List<EncodedDocument> documents = new ArrayList<>();
      for (int length : new int[] {5, 128, 128, 300, 17, 128}) { // context is 128: several windows
        int[] ids = random.ints(length, 0, 40).toArray();
        documents.add(new EncodedDocument(ids, 2L * length));
      }

      List<float[]> batched = TokenLogProbs.of(model, documents, 0, Forward.defaults());

      double nats = 0;
      for (int d = 0; d < documents.size(); d++) {
        float[] alone =
            TokenLogProbs.of(model, List.of(documents.get(d)), 0, Forward.defaults()).get(0);
        assertThat(batched.get(d)).hasSize(documents.get(d).tokens().length);
        for (int i = 0; i < alone.length; i++) {
          assertThat(batched.get(d)[i]).isCloseTo(alone[i], offset(1e-4f));
          nats -= alone[i];
        }
      }
      // The first token of a document is predicted from the start token alone.
      try (NDManager scope = manager.newSubManager()) {
        NDArray logits =
            model
                .forward(scope.create(new long[] {0}, new Shape(1, 1)), Forward.defaults())
                .logits();
        float expected = logits.logSoftmax(-1).toFloatArray()[documents.get(0).tokens()[0]];
        assertThat(batched.get(0)[0]).isCloseTo(expected, offset(1e-5f));
      }
      BitsPerByte.Result result = BitsPerByte.of(documents, batched);
      long bytes = documents.stream().mapToLong(EncodedDocument::bytes).sum();
      assertThat(result.bitsPerByte()).isCloseTo(nats / Math.log(2) / bytes, offset(1e-4));
    }
  }
}
