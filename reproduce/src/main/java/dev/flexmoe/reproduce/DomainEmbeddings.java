package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.DomainEmbedding;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each domain's embedding in the public model's space, stored once for the steps that use it. */
final class DomainEmbeddings {

  private static final String FILE = "embeddings.safetensors";

  /** The seed of the documents' sampling in {@link DomainEmbedding#compute}. */
  private static final long SAMPLING_SEED = 7;

  private DomainEmbeddings() {}

  /**
   * Embeds each closed domain's training data with the public model and writes the embeddings to
   * {@code out}.
   */
  static void compute(Path publicModel, FlexMixData data, Path out) throws IOException {
    Files.createDirectories(out);
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER))) {
      FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(publicModel, manager));
      Map<String, float[]> embeddings = new LinkedHashMap<>();
      for (String domain : FlexMixData.EXPERT_DOMAINS) {
        TokenizedCorpus corpus = TokenizedCorpus.of(Corpus.read(data.train(domain)), tokenizer);
        embeddings.put(domain, DomainEmbedding.compute(net, corpus.tokenLists(), SAMPLING_SEED));
      }
      write(embeddings, out);
    }
  }

  private static void write(Map<String, float[]> embeddings, Path dir) {
    SafetensorsWriter writer = new SafetensorsWriter();
    int order = 0;
    for (var embedding : embeddings.entrySet()) {
      // the index keeps the domains' order through the writer's name sorting
      writer.putF32(
          String.format("%02d-%s", order++, embedding.getKey()),
          new long[] {embedding.getValue().length},
          embedding.getValue());
    }
    try {
      writer.write(dir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  static Map<String, float[]> read(Path dir) {
    try {
      SafetensorsFile file = new SafetensorsReader().read(dir.resolve(FILE));
      Map<String, float[]> embeddings = new LinkedHashMap<>();
      for (SafetensorsTensor tensor : file.tensors()) {
        embeddings.put(tensor.name().substring(3), tensor.toFloatArray());
      }
      return embeddings;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
    }
  }
}
