package dev.flexmoe.policy.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at PostgreSQL's precision (microseconds): a write answers with the times a later
 * read returns, and a snapshot announces the time the database holds.
 */
public final class StoredTime {

  private StoredTime() {}

  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
