package dev.flexmoe.registry.api;

import jakarta.ws.rs.core.Response.Status;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14.1.2): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffix}. Several ranges in one header are answered with the
 * whole content, as the RFC allows.
 */
record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() {
    return last - first + 1;
  }

  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range to send, empty for the whole content.
   *
   * @throws ProblemException 416 when the range lies outside the content
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher matcher = SINGLE.matcher(header.strip());
    if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (matcher.group(1).isEmpty()) {
        long suffix = Long.parseLong(matcher.group(2));
        if (suffix == 0 || size == 0) {
          throw unsatisfiable(header, size);
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(matcher.group(1));
      long last = matcher.group(2).isEmpty() ? size - 1 : Long.parseLong(matcher.group(2));
      if (first >= size || last < first) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException tooLong) {
      throw unsatisfiable(header, size);
    }
  }

  private static ProblemException unsatisfiable(String header, long size) {
    return new ProblemException(
        Status.REQUESTED_RANGE_NOT_SATISFIABLE,
        "range-not-satisfiable",
        "Range",
        "'" + header + "' lies outside the file's " + size + " bytes");
  }
}
