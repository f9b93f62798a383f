package dev.flexmoe.reproduce;

import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every domain's validation documents, tokenized, that every system is scored on.
 *
 * @param startToken the token each document is scored after (the tokenizer's end of document)
 */
record ValidationSet(Map<String, List<EncodedDocument>> documents, int startToken) {

  /** Reads the capped validation text ({@code <domain>.jsonl} per domain) and tokenizes it. */
  static ValidationSet load(Path capped, Path tokenizerJson) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerJson)) {
      Map<String, List<EncodedDocument>> documents = new LinkedHashMap<>();
      for (String domain : FlexMixData.DOMAINS) {
        documents.put(
            domain,
            TokenizedCorpus.of(Corpus.read(capped.resolve(domain + ".jsonl")), tokenizer)
                .documents());
      }
      return new ValidationSet(documents, (int) tokenizer.eosId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + tokenizerJson, e);
    }
  }

  List<EncodedDocument> of(String domain) {
    return documents.get(domain);
  }
}
