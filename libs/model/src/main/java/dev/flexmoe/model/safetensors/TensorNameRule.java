package dev.flexmoe.model.safetensors;

import java.util.Optional;

/**
 * The rule for tensor names, shared by reader and writer so that whatever is written can be read.
 * Names end up in logs, error messages and database rows: control characters and unpaired
 * surrogates (which a JSON escape can smuggle into otherwise valid UTF-8) are refused.
 */
final class TensorNameRule {

  static final int MAX_LENGTH = 512;

  /** The key of the header's metadata object, which no tensor may use. */
  static final String METADATA_KEY = "__metadata__";

  private TensorNameRule() {}

  /** What is wrong with a name, or empty when it is fine. */
  static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("is empty");
    }
    if (name.equals(METADATA_KEY)) {
      return Optional.of("is reserved for the metadata");
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return Optional.of("is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(String.format("has a control character U+%04X at index %d", (int) c, i));
      }
    }
    int surrogate = unpairedSurrogateIndex(name);
    if (surrogate >= 0) {
      return Optional.of("has an unpaired surrogate at index " + surrogate);
    }
    return Optional.empty();
  }

  /** The index of the first surrogate without its partner, or -1: such a string has no UTF-8. */
  static int unpairedSurrogateIndex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** A name as it can safely appear in a message: quoted, cut short, control characters escaped. */
  static String quote(String name) {
    StringBuilder quoted = new StringBuilder("'");
    int shown = Math.min(name.length(), 80);
    for (int i = 0; i < shown; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        quoted.append(String.format("\\u%04X", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (shown < name.length()) {
      quoted.append("...");
    }
    return quoted.append('\'').toString();
  }
}
