package dev.flexmoe.events;

import java.util.List;
import java.util.Map;

/** Field checks for payload records, run in their compact constructors. */
final class Require {

  private Require() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidFieldException(field, "is required");
    }
    return value;
  }

  static String text(String value, String field) {
    if (present(value, field).isBlank()) {
      throw new InvalidFieldException(field, "must not be blank");
    }
    return value;
  }

  /** A lowercase hex SHA-256, the form every digest in flexmoe takes. */
  static String sha256(String value, String field) {
    if (!present(value, field).matches("[0-9a-f]{64}")) {
      throw new InvalidFieldException(field, "must be a SHA-256 as 64 lowercase hex digits");
    }
    return value;
  }

  static <N extends Number> N atLeast(N value, long min, String field) {
    if (present(value, field).longValue() < min) {
      throw new InvalidFieldException(field, "must be at least " + min + " but was " + value);
    }
    return value;
  }

  static Double finite(Double value, String field) {
    if (!Double.isFinite(present(value, field))) {
      throw new InvalidFieldException(field, "must be a finite number but was " + value);
    }
    return value;
  }

  static Double finiteOrAbsent(Double value, String field) {
    return value == null ? null : finite(value, field);
  }

  static <T> List<T> listOrEmpty(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static <K, V> Map<K, V> mapOrEmpty(Map<K, V> value) {
    return value == null ? Map.of() : Map.copyOf(value);
  }
}
