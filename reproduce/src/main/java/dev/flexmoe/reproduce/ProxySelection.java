package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.DomainEmbedding;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The router-tuning proxy set: for each domain the public documents that look most like it (by the
 * cosine of their embedding with the domain's — each owner's "classifier" is its domain embedding,
 * so no owner's text leaves the owner), plus as many random public documents.
 */
final class ProxySelection {

  private ProxySelection() {}

  static void write(
      Path publicModel, Path publicCorpus, Map<String, float[]> domains, int perDomain, Path out)
      throws IOException {
    List<String> texts = Corpus.read(publicCorpus);
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER))) {
      FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(publicModel, manager));
      List<int[]> documents = TokenizedCorpus.of(texts, tokenizer).tokenLists();
      List<float[]> vectors = new ArrayList<>();
      for (int[] document : documents) {
        vectors.add(
            document.length == 0 ? null : DomainEmbedding.compute(net, List.of(document), 0));
      }
      Set<Integer> chosen = new LinkedHashSet<>();
      for (float[] domain : domains.values()) {
        IntStream.range(0, vectors.size())
            .filter(i -> vectors.get(i) != null)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -dot(vectors.get(i), domain)))
            .limit(perDomain)
            .forEach(chosen::add);
      }
      List<Integer> all = new ArrayList<>(IntStream.range(0, texts.size()).boxed().toList());
      java.util.Collections.shuffle(all, new Random(11));
      all.stream().limit(perDomain).forEach(chosen::add);
      ObjectMapper json = new ObjectMapper();
      StringBuilder lines = new StringBuilder();
      for (int index : chosen) {
        lines.append(json.writeValueAsString(Map.of("text", texts.get(index)))).append('\n');
      }
      Files.createDirectories(out);
      Files.writeString(out.resolve("proxy.jsonl"), lines);
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
