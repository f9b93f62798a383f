package dev.flexmoe.inference.service;

import dev.flexmoe.inference.domain.ExpertSelection;
import java.util.List;

/**
 * A completion request, checked for form by the REST layer.
 *
 * @param prompts each prompt as text, or as token ids when {@code tokenIds} is set for it
 * @param seed the sampler's seed; null for one drawn per request
 * @param logprobs how many alternatives to score per token; null for no scores
 * @param echo whether the prompt is returned (and, with {@code logprobs}, scored) before the text
 */
public record CompletionCommand(
    String model,
    List<Prompt> prompts,
    int maxTokens,
    double temperature,
    double topP,
    Long seed,
    List<String> stop,
    int n,
    Integer logprobs,
    boolean echo,
    ExpertSelection selection) {

  /** One prompt: text to tokenize, or token ids. */
  public record Prompt(String text, long[] tokenIds) {}
}
