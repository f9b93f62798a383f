package dev.flexmoe.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode, as flexmoe puts it on every topic.
 *
 * @param id unique per event; consumers de-duplicate on it (at-least-once delivery)
 * @param source the producing service, e.g. {@code /flexmoe/expert-registry}
 * @param type {@code dev.flexmoe.<Event>.v1}
 * @param time when the change happened
 * @param subject the payload's subject, which is also the Kafka key
 * @param data the payload
 * @param <T> the payload type
 */
public record CloudEvent<T extends EventPayload>(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String datacontenttype,
    T data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public CloudEvent {
    if (!SPEC_VERSION.equals(specversion)) {
      throw new InvalidFieldException("specversion", "must be '1.0' but was '" + specversion + "'");
    }
    Require.text(id, "id");
    Require.text(source, "source");
    Require.present(data, "data");
    if (!EventType.of(data).typeName().equals(type)) {
      throw new InvalidFieldException(
          "type", "'" + type + "' does not match the payload " + data.getClass().getSimpleName());
    }
    Require.present(time, "time");
    if (!data.subject().equals(subject)) {
      throw new InvalidFieldException(
          "subject", "'" + subject + "' differs from the payload's '" + data.subject() + "'");
    }
    if (datacontenttype != null && !CONTENT_TYPE.equals(datacontenttype)) {
      throw new InvalidFieldException("datacontenttype", "must be '" + CONTENT_TYPE + "'");
    }
  }

  /**
   * A new event for a payload: a fresh id, the current time (to the millisecond, as JSON carries
   * it), and the payload's subject.
   */
  public static <T extends EventPayload> CloudEvent<T> of(String source, T data) {
    return of(source, data, UUID.randomUUID().toString(), Instant.now());
  }

  /** An event with a chosen id and time, e.g. an outbox row's, so that a re-send is a duplicate. */
  public static <T extends EventPayload> CloudEvent<T> of(
      String source, T data, String id, Instant time) {
    return new CloudEvent<>(
        SPEC_VERSION,
        id,
        source,
        EventType.of(data).typeName(),
        time.truncatedTo(ChronoUnit.MILLIS),
        data.subject(),
        CONTENT_TYPE,
        data);
  }

  /** The catalog entry of this event's type. */
  public EventType eventType() {
    return EventType.of(data);
  }
}
