package dev.flexmoe.inference.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flexmoe.inference.domain.ExpertSelection;
import dev.flexmoe.inference.service.CompletionCommand;
import dev.flexmoe.inference.service.InferenceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads a completion request into a command, with OpenAI's defaults (16 tokens, temperature 1,
 * top_p 1, one choice) and a refusal naming the parameter for every value out of range.
 */
final class CompletionRequests {

  static final int MAX_TOKENS_LIMIT = 4096;

  /** As OpenAI: at most five alternatives per token. */
  static final int MAX_LOGPROBS = 5;

  private CompletionRequests() {}

  static CompletionCommand command(CompletionRequest request, int maxN, int maxStop) {
    boolean echo = Boolean.TRUE.equals(request.echo());
    if (request.logprobs() != null
        && (request.logprobs() < 0 || request.logprobs() > MAX_LOGPROBS)) {
      throw bad(
          "logprobs",
          "invalid_value",
          "logprobs must be 0 to " + MAX_LOGPROBS + ", not " + request.logprobs());
    }
    if (Boolean.TRUE.equals(request.stream()) && (echo || request.logprobs() != null)) {
      throw bad(
          "stream",
          "unsupported_parameter",
          "echo and logprobs are answered whole: leave out stream, or them");
    }
    int maxTokens = request.maxTokens() == null ? 16 : request.maxTokens();
    int least = echo ? 0 : 1;
    if (maxTokens < least || maxTokens > MAX_TOKENS_LIMIT) {
      throw bad(
          "max_tokens",
          "invalid_value",
          "max_tokens must be "
              + least
              + " to "
              + MAX_TOKENS_LIMIT
              + (echo ? "" : " (0 only with echo)")
              + ", not "
              + maxTokens);
    }
    double temperature = request.temperature() == null ? 1.0 : request.temperature();
    if (!(temperature >= 0 && temperature <= 2)) {
      throw bad("temperature", "invalid_value", "temperature must be 0 to 2, not " + temperature);
    }
    double topP = request.topP() == null ? 1.0 : request.topP();
    if (!(topP > 0 && topP <= 1)) {
      throw bad("top_p", "invalid_value", "top_p must be above 0 and at most 1, not " + topP);
    }
    int n = request.n() == null ? 1 : request.n();
    if (n < 1 || n > maxN) {
      throw bad("n", "invalid_value", "n must be 1 to " + maxN + ", not " + n);
    }
    return new CompletionCommand(
        request.model(),
        prompts(request.prompt()),
        maxTokens,
        temperature,
        topP,
        request.seed(),
        stops(request.stop(), maxStop),
        n,
        request.logprobs(),
        echo,
        selection(request.flexmoe()));
  }

  /** A string, a list of strings, a list of token ids, or a list of such lists. */
  private static List<CompletionCommand.Prompt> prompts(JsonNode prompt) {
    if (prompt == null || prompt.isNull()) {
      throw bad("prompt", "missing_parameter", "prompt is required");
    }
    if (prompt.isTextual()) {
      return List.of(new CompletionCommand.Prompt(prompt.asText(), null));
    }
    if (!prompt.isArray() || prompt.isEmpty()) {
      throw bad(
          "prompt",
          "invalid_type",
          "prompt must be a string, a list of strings, a list of token ids or a list of lists");
    }
    if (prompt.get(0).isIntegralNumber()) {
      return List.of(new CompletionCommand.Prompt(null, tokenIds(prompt)));
    }
    List<CompletionCommand.Prompt> prompts = new ArrayList<>();
    for (JsonNode element : prompt) {
      if (element.isTextual()) {
        prompts.add(new CompletionCommand.Prompt(element.asText(), null));
      } else if (element.isArray() && !element.isEmpty() && element.get(0).isIntegralNumber()) {
        prompts.add(new CompletionCommand.Prompt(null, tokenIds(element)));
      } else {
        throw bad(
            "prompt",
            "invalid_type",
            "each prompt of a list must be a string or a list of token ids");
      }
    }
    return prompts;
  }

  private static long[] tokenIds(JsonNode list) {
    long[] ids = new long[list.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = list.get(i);
      if (!id.isIntegralNumber()) {
        throw bad("prompt", "invalid_type", "token ids must be integers, not " + id);
      }
      ids[i] = id.asLong();
    }
    return ids;
  }

  private static List<String> stops(JsonNode stop, int maxStop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    List<String> stops = new ArrayList<>();
    if (stop.isTextual()) {
      stops.add(stop.asText());
    } else if (stop.isArray()) {
      stop.forEach(
          element -> {
            if (!element.isTextual()) {
              throw bad("stop", "invalid_type", "stop must be a string or a list of strings");
            }
            stops.add(element.asText());
          });
    } else {
      throw bad("stop", "invalid_type", "stop must be a string or a list of strings");
    }
    if (stops.size() > maxStop || stops.stream().anyMatch(String::isEmpty)) {
      throw bad("stop", "invalid_value", "stop holds 1 to " + maxStop + " non-empty strings");
    }
    return stops;
  }

  private static ExpertSelection selection(CompletionRequest.Flexmoe flexmoe) {
    if (flexmoe == null || flexmoe.experts() == null) {
      return ExpertSelection.everything();
    }
    CompletionRequest.Experts experts = flexmoe.experts();
    if (experts.include() != null && experts.exclude() != null) {
      throw bad(
          "flexmoe.experts", "invalid_value", "flexmoe.experts takes include or exclude, not both");
    }
    return new ExpertSelection(
        experts.include() == null ? null : new HashSet<>(experts.include()),
        experts.exclude() == null ? null : new HashSet<>(experts.exclude()));
  }

  private static InferenceException.BadRequest bad(String param, String code, String message) {
    return new InferenceException.BadRequest(param, code, message);
  }
}
