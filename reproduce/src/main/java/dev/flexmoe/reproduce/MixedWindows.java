package dev.flexmoe.reproduce;

import dev.flexmoe.model.eval.EncodedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mixed-domain set: windows that switch domain half-way, {@value #HALF} tokens of one domain's
 * passage followed by {@value #HALF} of another's, for every ordered pair of domains. A system that
 * routes per document must commit on the first domain's prefix; one that routes per token need not.
 * Scored, as everywhere, after the routing prefix: the first half's tokens after it and the whole
 * second half, reported apart.
 */
final class MixedWindows {

  /** Tokens of each domain in a window. */
  static final int HALF = 128;

  /** Windows per ordered pair of domains (fewer where a domain has too few long passages). */
  static final int PER_PAIR = 3;

  private MixedWindows() {}

  /** The windows, pair after pair in domain order, from passages of at least {@value #HALF}. */
  static List<EncodedDocument> of(
      Map<String, List<EncodedDocument>> passages, List<String> domains, TokenBytes bytes) {
    List<EncodedDocument> windows = new ArrayList<>();
    for (String first : domains) {
      for (String second : domains) {
        if (first.equals(second)) {
          continue;
        }
        List<int[]> a = longPassages(passages.get(first));
        List<int[]> b = longPassages(passages.get(second));
        for (int w = 0; w < Math.min(PER_PAIR, Math.min(a.size(), b.size())); w++) {
          int[] tokens = new int[2 * HALF];
          System.arraycopy(a.get(w), 0, tokens, 0, HALF);
          System.arraycopy(b.get(w), 0, tokens, HALF, HALF);
          windows.add(new EncodedDocument(tokens, bytes.of(tokens, 0)));
        }
      }
    }
    return windows;
  }

  private static List<int[]> longPassages(List<EncodedDocument> passages) {
    return passages.stream()
        .map(EncodedDocument::tokens)
        .filter(tokens -> tokens.length >= HALF)
        .toList();
  }
}
