package dev.flexmoe.servicekit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response.Status;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), with two extension members:
 * {@code code}, a stable machine-readable name of what went wrong, and {@code field}, the part,
 * JSON path or tensor it concerns.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String code, String field) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** 422 is not among JAX-RS's Status constants. */
  public static final int UNPROCESSABLE_CONTENT = 422;

  /** A problem titled with the status's reason phrase. */
  public static Problem of(int status, String code, String field, String detail) {
    return new Problem(
        "https://flexmoe.dev/problems/" + code, title(status), status, detail, code, field);
  }

  /** The reason phrase of an HTTP status. */
  public static String title(int status) {
    if (status == UNPROCESSABLE_CONTENT) {
      return "Unprocessable Content";
    }
    Status known = Status.fromStatusCode(status);
    return known != null ? known.getReasonPhrase() : "Error";
  }
}
