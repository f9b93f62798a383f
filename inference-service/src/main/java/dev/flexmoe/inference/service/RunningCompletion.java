package dev.flexmoe.inference.service;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A completion on its way: what serves it, and its choices' text as it comes, in order, until each
 * choice has finished.
 */
public final class RunningCompletion {

  /** Something that happened to one choice. */
  public sealed interface Update {
    int index();
  }

  /** More text of choice {@code index}. */
  public record Text(int index, String delta) implements Update {}

  /**
   * Choice {@code index} ended.
   *
   * @param reason {@code stop}, {@code length}, or {@code error}
   * @param expertsUsed every expert it could route to while it was generated, public first
   * @param logprobs the tokens' scores, when asked for; else null
   */
  public record Finished(
      int index,
      String reason,
      String text,
      int completionTokens,
      List<String> expertsUsed,
      Logprobs logprobs)
      implements Update {}

  private final long version;
  private final String modelName;
  private final ActiveSet active;
  private final int promptTokens;
  private final int choices;
  private final BlockingQueue<Update> updates = new LinkedBlockingQueue<>();

  RunningCompletion(
      String modelName, long version, ActiveSet active, int promptTokens, int choices) {
    this.modelName = modelName;
    this.version = version;
    this.active = active;
    this.promptTokens = promptTokens;
    this.choices = choices;
  }

  public String modelName() {
    return modelName;
  }

  public long version() {
    return version;
  }

  /** The experts and policy revisions the completion started with. */
  public ActiveSet active() {
    return active;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int choices() {
    return choices;
  }

  /** The next update, or null when none came within the timeout. */
  public Update next(long timeout, TimeUnit unit) throws InterruptedException {
    return updates.poll(timeout, unit);
  }

  Choice.Listener listener(int index) {
    return new Choice.Listener() {
      @Override
      public void text(String delta) {
        updates.add(new Text(index, delta));
      }

      @Override
      public void finished(String reason, Choice choice) {
        updates.add(
            new Finished(
                index,
                reason,
                choice.text,
                choice.completionTokens,
                List.copyOf(choice.expertsUsed),
                choice.logprobs));
      }
    };
  }
}
