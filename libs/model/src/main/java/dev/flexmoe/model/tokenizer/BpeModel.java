package dev.flexmoe.model.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained byte-level BPE vocabulary: token {@code i} is {@code tokens.get(i)}. The special tokens
 * come first, as written; then the 256 byte symbols in byte order (token {@code specials + b} is
 * byte {@code b}, in {@link ByteLevel} symbols); then each token a merge created, in the order of
 * its first merge.
 *
 * @param specialTokens the special tokens, ids {@code 0 .. specialTokens.size() - 1}
 * @param tokens every token by id
 * @param merges the merges by rank: the runtime applies a lower rank first
 */
public record BpeModel(List<String> specialTokens, List<String> tokens, List<Merge> merges) {

  /**
   * Merge {@code left right -> merged}, by token id. Should two merges ever spell the same string
   * ({@code "ab"+"c"} and {@code "a"+"bc"}), they share its id, as in HF's trainer.
   */
  public record Merge(int left, int right, int merged) {}

  public BpeModel {
    specialTokens = List.copyOf(specialTokens);
    tokens = List.copyOf(tokens);
    merges = List.copyOf(merges);
  }

  /** The number of token ids. */
  public int vocabSize() {
    return tokens.size();
  }

  /** This vocabulary as a Hugging Face {@code tokenizer.json}, UTF-8. */
  public byte[] toTokenizerJson() {
    return TokenizerJson.write(this);
  }

  /** Writes {@link #toTokenizerJson()} to a file, replacing it if it exists. */
  public void writeTokenizerJson(Path file) throws IOException {
    Files.write(file, toTokenizerJson());
  }
}
