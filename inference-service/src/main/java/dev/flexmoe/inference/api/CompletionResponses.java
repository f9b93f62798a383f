package dev.flexmoe.inference.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.inference.service.Logprobs;
import dev.flexmoe.inference.service.RunningCompletion;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * OpenAI's {@code text_completion} objects, whole or as stream chunks, with the {@code flexmoe}
 * extension: the version that answered, the policy revisions applied, the experts used, and whether
 * the service failed closed.
 */
final class CompletionResponses {

  private final ObjectMapper json;
  private final RunningCompletion completion;
  private final String id = "cmpl-" + UUID.randomUUID();
  private final long created = Instant.now().getEpochSecond();

  CompletionResponses(ObjectMapper json, RunningCompletion completion) {
    this.json = json;
    this.completion = completion;
  }

  /** The whole completion, its choices in index order. */
  ObjectNode whole(List<RunningCompletion.Finished> choices) {
    ObjectNode response = envelope();
    ArrayNode array = response.putArray("choices");
    int completionTokens = 0;
    Set<String> used = new LinkedHashSet<>();
    for (RunningCompletion.Finished choice : choices) {
      ObjectNode node = choice(choice.index(), choice.text(), choice.reason());
      if (choice.logprobs() != null) {
        node.set("logprobs", logprobs(choice.logprobs()));
      }
      array.add(node);
      completionTokens += choice.completionTokens();
      used.addAll(choice.expertsUsed());
    }
    ObjectNode usage = response.putObject("usage");
    usage.put("prompt_tokens", completion.promptTokens());
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", completion.promptTokens() + completionTokens);
    response.set("flexmoe", extension(used));
    return response;
  }

  /** A stream chunk with more text of one choice. */
  ObjectNode text(RunningCompletion.Text text) {
    ObjectNode chunk = envelope();
    chunk.putArray("choices").add(choice(text.index(), text.delta(), null));
    return chunk;
  }

  /** The stream chunk that ends one choice, with what it used. */
  ObjectNode finished(RunningCompletion.Finished finished) {
    ObjectNode chunk = envelope();
    chunk.putArray("choices").add(choice(finished.index(), "", finished.reason()));
    chunk.set("flexmoe", extension(new LinkedHashSet<>(finished.expertsUsed())));
    return chunk;
  }

  private ObjectNode logprobs(Logprobs scores) {
    ObjectNode node = json.createObjectNode();
    ArrayNode tokens = node.putArray("tokens");
    scores.tokens().forEach(tokens::add);
    ArrayNode logprobs = node.putArray("token_logprobs");
    scores
        .tokenLogprobs()
        .forEach(
            logprob -> {
              if (logprob == null) {
                logprobs.addNull();
              } else {
                logprobs.add(logprob);
              }
            });
    ArrayNode top = node.putArray("top_logprobs");
    scores
        .topLogprobs()
        .forEach(
            alternatives -> {
              if (alternatives == null) {
                top.addNull();
              } else {
                ObjectNode entry = top.addObject();
                alternatives.forEach(entry::put);
              }
            });
    ArrayNode offsets = node.putArray("text_offset");
    scores.textOffset().forEach(offsets::add);
    return node;
  }

  private ObjectNode envelope() {
    ObjectNode node = json.createObjectNode();
    node.put("id", id);
    node.put("object", "text_completion");
    node.put("created", created);
    node.put("model", completion.modelName());
    return node;
  }

  private ObjectNode choice(int index, String text, String reason) {
    ObjectNode choice = json.createObjectNode();
    choice.put("text", text);
    choice.put("index", index);
    choice.putNull("logprobs");
    if (reason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", reason);
    }
    return choice;
  }

  private ObjectNode extension(Set<String> used) {
    ObjectNode flexmoe = json.createObjectNode();
    flexmoe.put("model_version", completion.version());
    ObjectNode revisions = flexmoe.putObject("policy_revision");
    for (Map.Entry<String, Long> entry : completion.active().policyRevisions().entrySet()) {
      revisions.put(entry.getKey(), entry.getValue());
    }
    ArrayNode experts = flexmoe.putArray("experts_used");
    used.forEach(experts::add);
    flexmoe.put("fail_closed", completion.active().failClosed());
    return flexmoe;
  }
}
