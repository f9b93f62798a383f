package dev.flexmoe.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.inference.domain.ExpertSelection;
import dev.flexmoe.model.generate.Sampling;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's queue is bounded: a request whose choices do not all fit is refused whole (429 in
 * the API), and what was queued before stays queued.
 */
class DecodeEngineQueueTest {

  private static Choice choice(String tenant) {
    Choice.Listener ignored =
        new Choice.Listener() {
          @Override
          public void text(String delta) {}

          @Override
          public void finished(String reason, Choice choice) {}
        };
    return new Choice(
        null,
        tenant,
        ExpertSelection.everything(),
        new long[] {1},
        1,
        Sampling.greedy(),
        List.of(),
        null,
        null,
        ignored);
  }

  @Test
  void aRequestThatDoesNotFitIsRefusedWhole() {
    DecodeEngine engine = new DecodeEngine();
    engine.maxQueued = 3;
    engine.submit(List.of(choice("acme"), choice("acme")));

    assertThatThrownBy(() -> engine.submit(List.of(choice("globex"), choice("globex"))))
        .isInstanceOf(InferenceException.Overloaded.class)
        .hasMessage("2 completions are waiting; try again in a moment");
    engine.submit(List.of(choice("globex")));
    assertThatThrownBy(() -> engine.submit(List.of(choice("initech"))))
        .isInstanceOf(InferenceException.Overloaded.class);
    assertThat(engine.queued()).isEqualTo(3);
  }
}
