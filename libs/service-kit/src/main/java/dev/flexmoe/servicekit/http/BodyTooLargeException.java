package dev.flexmoe.servicekit.http;

import java.io.IOException;

/**
 * A request body over {@link RequestBodyLimit}'s limit. An {@link IOException}, because the body
 * stream raises it while Jackson reads: Jackson passes I/O failures on as they are but wraps any
 * other exception into a mapping error, which would answer 400.
 */
public final class BodyTooLargeException extends IOException {

  BodyTooLargeException(long maxBytes) {
    super("the request body has more than " + maxBytes + " bytes, the limit");
  }
}
