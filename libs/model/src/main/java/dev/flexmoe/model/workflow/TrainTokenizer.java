package dev.flexmoe.model.workflow;

import dev.flexmoe.model.tokenizer.BpeModel;
import dev.flexmoe.model.tokenizer.BpeTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Trains the byte-level BPE tokenizer on a corpus and writes {@code tokenizer.json}. */
public final class TrainTokenizer {

  private TrainTokenizer() {}

  public static BpeModel run(Path corpus, int vocabSize, Path out) {
    BpeModel model = new BpeTrainer(vocabSize).train(Corpus.read(corpus));
    try {
      model.writeTokenizerJson(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return model;
  }
}
