package dev.flexmoe.inference.service;

import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.generate.Sampling;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts completions: on the version served now, with the experts this tenant may use, each prompt
 * tokenized and checked against the context, then queued for the decode engine.
 */
@ApplicationScoped
public class Completions {

  private static final SecureRandom SEEDS = new SecureRandom();

  @Inject Serving serving;

  @Inject Access access;

  @Inject DecodeEngine engine;

  @Inject MeterRegistry metrics;

  public RunningCompletion start(CompletionCommand command, String tenant) {
    if (command.model() != null && !command.model().equals(serving.modelName())) {
      throw new InferenceException.UnknownModel(
          "this server serves '" + serving.modelName() + "', not '" + command.model() + "'");
    }
    ServedVersion version =
        serving
            .acquire()
            .orElseThrow(
                () ->
                    new InferenceException.NotServing(
                        "no version of " + serving.modelName() + " is loaded yet"));
    try {
      access.check(version, command.selection());
      List<long[]> prompts = new ArrayList<>();
      for (int i = 0; i < command.prompts().size(); i++) {
        prompts.add(tokens(version, command.prompts().get(i), i, command.maxTokens()));
      }
      ActiveSet active = access.resolve(version, tenant, command.selection());
      int promptTokens = prompts.stream().mapToInt(prompt -> prompt.length).sum() * command.n();
      RunningCompletion running =
          new RunningCompletion(
              version.modelName(),
              version.number(),
              active,
              promptTokens,
              prompts.size() * command.n());
      long seed = command.seed() != null ? command.seed() : SEEDS.nextLong();
      List<Choice> choices = new ArrayList<>();
      int index = 0;
      for (int p = 0; p < prompts.size(); p++) {
        long[] prompt = prompts.get(p);
        String echoed = command.echo() ? promptText(version, command.prompts().get(p)) : null;
        for (int copy = 0; copy < command.n(); copy++) {
          // each choice holds the version itself until it ends
          version.hold();
          choices.add(
              new Choice(
                  version,
                  tenant,
                  command.selection(),
                  prompt,
                  command.maxTokens(),
                  new Sampling(command.temperature(), command.topP(), seed + index),
                  command.stop(),
                  command.logprobs() == null && !command.echo()
                      ? null
                      : new BatchedGenerator.Scoring(
                          command.logprobs() == null ? 0 : command.logprobs(), command.echo()),
                  echoed,
                  running.listener(index)));
          index++;
        }
      }
      try {
        engine.submit(choices);
        metrics
            .counter("inference.completions", "fail_closed", String.valueOf(active.failClosed()))
            .increment();
      } catch (RuntimeException e) {
        choices.forEach(choice -> version.release());
        throw e;
      }
      return running;
    } finally {
      version.release();
    }
  }

  /** The prompt as text, as echo returns it. */
  private static String promptText(ServedVersion version, CompletionCommand.Prompt prompt) {
    return prompt.text() != null ? prompt.text() : version.tokenizer().decode(prompt.tokenIds());
  }

  private static long[] tokens(
      ServedVersion version, CompletionCommand.Prompt prompt, int index, int maxTokens) {
    long[] ids =
        prompt.tokenIds() != null ? prompt.tokenIds() : version.tokenizer().encode(prompt.text());
    int vocabulary = version.tokenizer().vocabSize();
    for (long id : ids) {
      if (id < 0 || id >= vocabulary) {
        throw new InferenceException.BadRequest(
            "prompt",
            "invalid_token",
            "token id " + id + " is outside the vocabulary of " + vocabulary);
      }
    }
    if (ids.length == 0) {
      throw new InferenceException.BadRequest(
          "prompt", "empty_prompt", "prompt " + index + " has no tokens");
    }
    if (ids.length + maxTokens > version.contextLength()) {
      throw new InferenceException.BadRequest(
          "prompt",
          "context_length_exceeded",
          "this model's context is "
              + version.contextLength()
              + " tokens; prompt "
              + index
              + " has "
              + ids.length
              + " and max_tokens asks for "
              + maxTokens
              + " more");
    }
    return ids;
  }
}
