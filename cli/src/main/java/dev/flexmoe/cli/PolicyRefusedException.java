package dev.flexmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The policy service refused a request: its problem details (RFC 9457) in one line, e.g. {@code 403
 * not-owner: expert e1 belongs to bob}. A user error, so the command line prints no trace.
 */
final class PolicyRefusedException extends IllegalArgumentException {

  private PolicyRefusedException(String message) {
    super(message);
  }

  static PolicyRefusedException of(int status, String path, String body) {
    JsonNode problem = problem(body);
    String code = text(problem, "code");
    String field = text(problem, "field");
    String detail = text(problem, "detail");
    if (detail == null) {
      detail = text(problem, "title");
    }
    StringBuilder message = new StringBuilder("the policy service refused ").append(path);
    message.append(": ").append(status);
    if (code != null) {
      message.append(' ').append(code);
    }
    if (field != null) {
      message.append(" (field '").append(field).append("')");
    }
    if (detail != null) {
      message.append(": ").append(detail);
    } else if (status == 401) {
      message.append(": the token is missing, expired or not signed by a key the service trusts");
    }
    return new PolicyRefusedException(message.toString());
  }

  private static JsonNode problem(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return PolicyClient.json().readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode problem, String name) {
    if (problem == null || !problem.hasNonNull(name)) {
      return null;
    }
    return problem.get(name).asText();
  }
}
