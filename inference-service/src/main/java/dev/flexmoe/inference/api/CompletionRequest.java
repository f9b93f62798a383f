package dev.flexmoe.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code POST /v1/completions} as OpenAI defines it, with the {@code flexmoe} extension. Fields
 * OpenAI knows but this server does not implement are refused by name rather than ignored.
 */
public record CompletionRequest(
    String model,
    JsonNode prompt,
    @JsonProperty("max_tokens") Integer maxTokens,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    Long seed,
    JsonNode stop,
    Integer n,
    Boolean stream,
    Integer logprobs,
    Boolean echo,
    String user,
    Flexmoe flexmoe) {

  /** The extension: which of the allowed experts to use. */
  public record Flexmoe(Experts experts) {}

  /** Only {@code include}, or all but {@code exclude}. */
  public record Experts(List<String> include, List<String> exclude) {}
}
