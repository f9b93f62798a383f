package dev.flexmoe.model.workflow;

import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.Forward;
import java.nio.file.Path;
import java.util.List;

/** Continues a prompt with a checkpoint, with chosen experts switched off. */
public final class GenerateText {

  private GenerateText() {}

  public static String run(
      Path model,
      String prompt,
      int maxNewTokens,
      Sampling sampling,
      List<String> excluded,
      List<String> only,
      int topK) {
    try (LoadedModel loaded = LoadedModel.open(model)) {
      long eos = loaded.tokenizer().eosId();
      long[] encoded = loaded.tokenizer().encode(prompt);
      int[] ids = new int[encoded.length + 1];
      ids[0] = (int) eos; // generation starts after a document boundary, as training did
      for (int i = 0; i < encoded.length; i++) {
        ids[i + 1] = (int) encoded[i];
      }
      Forward forward = Forward.defaults().withMask(loaded.mask(excluded, only)).withTopK(topK);
      List<Integer> generated =
          Generator.generate(
              loaded.model(), ids, maxNewTokens, sampling, token -> token == eos, forward);
      long[] out =
          generated.stream().filter(token -> token != eos).mapToLong(Integer::longValue).toArray();
      return loaded.tokenizer().decode(out);
    }
  }
}
