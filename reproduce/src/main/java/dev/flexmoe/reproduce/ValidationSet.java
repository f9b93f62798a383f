package dev.flexmoe.reproduce;

import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.eval.Ensembles;
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
 * Every domain's validation documents, tokenized, that every system is scored on. Every system is
 * scored on the same tokens: those after each document's first {@link #PREFIX_TOKENS}, the prefix
 * on which the per-document baselines choose their models. The prefix is context for every system
 * and scored for none, so that no system is scored on the text it routed with. A document of no
 * more tokens than the prefix is left out.
 *
 * @param startToken the token each document is scored after (the tokenizer's end of document)
 * @param tokenBytes the bytes of text each token stands for
 */
record ValidationSet(
    Map<String, List<EncodedDocument>> documents, int startToken, TokenBytes tokenBytes) {

  /** The routing prefix: not scored. */
  static final int PREFIX_TOKENS = Ensembles.PREFIX_TOKENS;

  /** Reads the capped validation text ({@code <domain>.jsonl} per domain) and tokenizes it. */
  static ValidationSet load(Path capped, Path tokenizerJson) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerJson)) {
      Map<String, List<EncodedDocument>> documents = new LinkedHashMap<>();
      for (String domain : FlexMixData.DOMAINS) {
        documents.put(
            domain,
            TokenizedCorpus.of(Corpus.read(capped.resolve(domain + ".jsonl")), tokenizer)
                .documents()
                .stream()
                .filter(document -> document.tokens().length > PREFIX_TOKENS)
                .toList());
        if (documents.get(domain).isEmpty()) {
          throw new IllegalStateException(
              "no validation document of "
                  + domain
                  + " is longer than the "
                  + PREFIX_TOKENS
                  + "-token routing prefix: nothing to score; raise the scale's validation bytes");
        }
      }
      return new ValidationSet(documents, (int) tokenizer.eosId(), TokenBytes.load(tokenizerJson));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + tokenizerJson, e);
    }
  }

  List<EncodedDocument> of(String domain) {
    return documents.get(domain);
  }

  /**
   * A system's scores of each document: the bits of its tokens after the prefix, over their bytes.
   *
   * @param logProbs per domain, each document's per-token log-probabilities (nats)
   */
  DocumentScores score(Map<String, List<float[]>> logProbs) {
    Map<String, DocumentScores.Domain> scores = new LinkedHashMap<>();
    for (var domain : documents.entrySet()) {
      List<EncodedDocument> docs = domain.getValue();
      List<float[]> probs = logProbs.get(domain.getKey());
      double[] bits = new double[docs.size()];
      long[] bytes = new long[docs.size()];
      for (int d = 0; d < docs.size(); d++) {
        float[] tokens = probs.get(d);
        double nats = 0;
        for (int t = PREFIX_TOKENS; t < tokens.length; t++) {
          nats -= tokens[t];
        }
        bits[d] = nats / Math.log(2);
        bytes[d] = tokenBytes.of(docs.get(d).tokens(), PREFIX_TOKENS);
      }
      scores.put(domain.getKey(), new DocumentScores.Domain(bits, bytes));
    }
    return new DocumentScores(scores);
  }
}
