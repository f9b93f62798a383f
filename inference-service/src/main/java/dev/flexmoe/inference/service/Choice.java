package dev.flexmoe.inference.service;

import dev.flexmoe.inference.domain.ExpertSelection;
import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.generate.Sampling;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One completion choice on its way through the engine: what to generate, for whom, the sequence
 * once it decodes, and where its text goes.
 */
final class Choice {

  /** Receives a choice's text as it is generated, and its end. */
  interface Listener {
    void text(String delta);

    /**
     * @param reason {@code stop} (a stop string or the end of text) or {@code length}
     */
    void finished(String reason, Choice choice);
  }

  final ServedVersion version;
  final String tenant;
  final ExpertSelection selection;
  final long[] prompt;
  final int maxTokens;
  final Sampling sampling;
  final List<String> stops;
  final BatchedGenerator.Scoring scoring;
  final String promptText;
  final Listener listener;
  final Set<String> expertsUsed = new LinkedHashSet<>();
  BatchedGenerator.Sequence sequence;

  /** The experts its sequence may use now, public first. */
  List<String> experts;

  final long submittedNanos = System.nanoTime();
  boolean firstTokenSeen;
  String text = "";
  int completionTokens;
  Logprobs logprobs;

  Choice(
      ServedVersion version,
      String tenant,
      ExpertSelection selection,
      long[] prompt,
      int maxTokens,
      Sampling sampling,
      List<String> stops,
      BatchedGenerator.Scoring scoring,
      String promptText,
      Listener listener) {
    this.version = version;
    this.tenant = tenant;
    this.selection = selection;
    this.prompt = prompt;
    this.maxTokens = maxTokens;
    this.sampling = sampling;
    this.stops = stops;
    this.scoring = scoring;
    this.promptText = promptText;
    this.listener = listener;
  }

  int[] promptIds() {
    int[] ids = new int[prompt.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) prompt[i];
    }
    return ids;
  }
}
