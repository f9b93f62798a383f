package dev.flexmoe.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), with two extension members:
 * {@code code}, a stable machine-readable name of what went wrong, and {@code field}, the part,
 * JSON path or tensor it concerns.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String code, String field) {

  public static final String MEDIA_TYPE = "application/problem+json";

  static Problem of(int status, String title, String code, String field, String detail) {
    return new Problem("https://flexmoe.dev/problems/" + code, title, status, detail, code, field);
  }
}
