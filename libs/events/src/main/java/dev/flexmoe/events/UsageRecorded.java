package dev.flexmoe.events;

import java.time.Instant;

/**
 * Tokens routed to one expert for one tenant within a time window: the attribution an owner sees.
 *
 * @param tokens tokens for which the expert was among the active top-k
 * @param window the half-open interval {@code [start, end)} the count covers
 */
public record UsageRecorded(
    String expertId, String tenant, Long tokens, String modelName, Long modelVersion, Window window)
    implements EventPayload {

  /** A half-open time interval {@code [start, end)}. */
  public record Window(Instant start, Instant end) {
    public Window {
      Require.present(start, "start");
      Require.present(end, "end");
      if (!end.isAfter(start)) {
        throw new InvalidFieldException("end", "must be after start (" + start + ")");
      }
    }
  }

  public UsageRecorded {
    Require.text(expertId, "expertId");
    Require.text(tenant, "tenant");
    Require.atLeast(tokens, 0, "tokens");
    Require.text(modelName, "modelName");
    Require.atLeast(modelVersion, 1, "modelVersion");
    Require.present(window, "window");
  }

  @Override
  public String subject() {
    return expertId;
  }
}
