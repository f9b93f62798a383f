package dev.flexmoe.model.workflow;

import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A corpus as token ids, with the statistics an expert artifact reports (never the text). */
public final class TokenizedCorpus {

  private final List<EncodedDocument> documents;
  private final int endOfDocument;

  private TokenizedCorpus(List<EncodedDocument> documents, int endOfDocument) {
    this.documents = documents;
    this.endOfDocument = endOfDocument;
  }

  public static TokenizedCorpus of(List<String> texts, FlexTokenizer tokenizer) {
    List<EncodedDocument> documents = new ArrayList<>();
    for (String text : texts) {
      long[] ids = tokenizer.encode(text);
      int[] tokens = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        tokens[i] = Math.toIntExact(ids[i]);
      }
      documents.add(new EncodedDocument(tokens, text.getBytes(StandardCharsets.UTF_8).length));
    }
    return new TokenizedCorpus(documents, Math.toIntExact(tokenizer.eosId()));
  }

  public List<EncodedDocument> documents() {
    return documents;
  }

  public List<int[]> tokenLists() {
    return documents.stream().map(EncodedDocument::tokens).toList();
  }

  /** All documents in order, each followed by the end-of-document token. */
  public int[] stream() {
    int total = documents.stream().mapToInt(document -> document.tokens().length + 1).sum();
    int[] stream = new int[total];
    int position = 0;
    for (EncodedDocument document : documents) {
      System.arraycopy(document.tokens(), 0, stream, position, document.tokens().length);
      position += document.tokens().length;
      stream[position++] = endOfDocument;
    }
    return stream;
  }

  public long tokens() {
    return documents.stream().mapToLong(document -> document.tokens().length).sum();
  }

  public long bytes() {
    return documents.stream().mapToLong(EncodedDocument::bytes).sum();
  }

  public int endOfDocument() {
    return endOfDocument;
  }
}
