package dev.flexmoe.inference.service;

import dev.flexmoe.model.generate.TokenScore;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A choice's {@code logprobs} as OpenAI's completions return them: each token's text, its log
 * probability, its most likely alternatives and where it starts in the returned text. With {@code
 * echo}, the prompt's tokens come first, the first of them without a score (nothing predicts it).
 */
public record Logprobs(
    List<String> tokens,
    List<Float> tokenLogprobs,
    List<Map<String, Float>> topLogprobs,
    List<Integer> textOffset) {

  /**
   * @param prompt the prompt's ids, when echoed; else null
   * @param promptScores the scores of the prompt's tokens from the second on
   * @param generated the generated tokens kept in the text, with their scores
   * @param completionStart where the generated text starts in the returned text
   */
  static Logprobs of(
      FlexTokenizer tokenizer,
      long[] prompt,
      List<TokenScore> promptScores,
      List<TokenScore> generated,
      int completionStart) {
    List<String> tokens = new ArrayList<>();
    List<Float> logprobs = new ArrayList<>();
    List<Map<String, Float>> top = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    if (prompt != null) {
      for (int i = 0; i < prompt.length; i++) {
        tokens.add(tokenizer.decode(new long[] {prompt[i]}));
        offsets.add(tokenizer.decode(java.util.Arrays.copyOf(prompt, i)).length());
        if (i == 0) {
          logprobs.add(null);
          top.add(null);
        } else {
          TokenScore score = promptScores.get(i - 1);
          logprobs.add(score.logprob());
          top.add(alternatives(tokenizer, score));
        }
      }
    }
    long[] ids = generated.stream().mapToLong(TokenScore::token).toArray();
    for (int i = 0; i < generated.size(); i++) {
      TokenScore score = generated.get(i);
      tokens.add(tokenizer.decode(new long[] {score.token()}));
      offsets.add(completionStart + tokenizer.decode(java.util.Arrays.copyOf(ids, i)).length());
      logprobs.add(score.logprob());
      top.add(alternatives(tokenizer, score));
    }
    return new Logprobs(tokens, logprobs, top, offsets);
  }

  private static Map<String, Float> alternatives(FlexTokenizer tokenizer, TokenScore score) {
    Map<String, Float> alternatives = new LinkedHashMap<>();
    for (int i = 0; i < score.topTokens().length; i++) {
      alternatives.putIfAbsent(
          tokenizer.decode(new long[] {score.topTokens()[i]}), score.topLogprobs()[i]);
    }
    return alternatives;
  }
}
