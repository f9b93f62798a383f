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
 * more tokens than the prefix is left out. Beside the domains, the set {@value #MIXED} holds the
 * mixed-domain windows ({@link MixedWindows}).
 *
 * @param startToken the token each document is scored after (the tokenizer's end of document)
 * @param tokenBytes the bytes of text each token stands for
 */
record ValidationSet(
    Map<String, List<EncodedDocument>> documents, int startToken, TokenBytes tokenBytes) {

  /** The set of mixed-domain windows, scored beside the domains. */
  static final String MIXED = "mixed";

  static final String FIRST_HALF = "first domain (after the prefix)";
  static final String SECOND_HALF = "second domain";

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
      TokenBytes bytes = TokenBytes.load(tokenizerJson);
      documents.put(MIXED, MixedWindows.of(documents, FlexMixData.DOMAINS, bytes));
      return new ValidationSet(documents, (int) tokenizer.eosId(), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + tokenizerJson, e);
    }
  }

  List<EncodedDocument> of(String domain) {
    return documents.get(domain);
  }

  /** Every set a system is scored on: the domains, then the mixed-domain windows. */
  List<String> sets() {
    return List.copyOf(documents.keySet());
  }

  /**
   * A system's scores of the mixed-domain windows, as two pseudo-domains: {@link #FIRST_HALF} (the
   * first domain's tokens after the prefix) and {@link #SECOND_HALF} (the second domain's tokens).
   */
  DocumentScores scoreMixed(List<float[]> logProbs) {
    List<EncodedDocument> windows = documents.get(MIXED);
    double[][] bits = new double[2][windows.size()];
    long[][] bytes = new long[2][windows.size()];
    for (int w = 0; w < windows.size(); w++) {
      int[] tokens = windows.get(w).tokens();
      float[] probs = logProbs.get(w);
      for (int t = PREFIX_TOKENS; t < tokens.length; t++) {
        int half = t < MixedWindows.HALF ? 0 : 1;
        bits[half][w] -= probs[t] / Math.log(2);
        bytes[half][w] += tokenBytes.of(tokens, t, t + 1);
      }
    }
    Map<String, DocumentScores.Domain> halves = new LinkedHashMap<>();
    halves.put(FIRST_HALF, new DocumentScores.Domain(bits[0], bytes[0]));
    halves.put(SECOND_HALF, new DocumentScores.Domain(bits[1], bytes[1]));
    return new DocumentScores(halves);
  }

  /**
   * A system's scores of each document: the bits of its tokens after the prefix, over their bytes.
   *
   * @param logProbs per domain, each document's per-token log-probabilities (nats)
   */
  DocumentScores score(Map<String, List<float[]>> logProbs) {
    Map<String, DocumentScores.Domain> scores = new LinkedHashMap<>();
    for (var domain : logProbs.entrySet()) {
      List<EncodedDocument> docs = documents.get(domain.getKey());
      List<float[]> probs = domain.getValue();
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
