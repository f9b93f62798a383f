package dev.flexmoe.model.validation;

import dev.flexmoe.model.eval.EncodedDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Held-back public text the quality gate scores, tokenized with the anchor's tokenizer.
 *
 * @param documents the documents, in order
 * @param startToken the end-of-document token each document is predicted from
 */
public record ProbeText(List<EncodedDocument> documents, int startToken) {

  public ProbeText {
    documents = List.copyOf(documents);
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("the probe text needs at least one document");
    }
  }

  /** The leading documents that first hold at least {@code tokens} tokens (all if fewer). */
  ProbeText capped(int tokens) {
    List<EncodedDocument> kept = new ArrayList<>();
    long held = 0;
    for (EncodedDocument document : documents) {
      if (held >= tokens) {
        break;
      }
      kept.add(document);
      held += document.tokens().length;
    }
    return new ProbeText(kept, startToken);
  }

  long tokens() {
    return documents.stream().mapToLong(document -> document.tokens().length).sum();
  }
}
