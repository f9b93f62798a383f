package dev.flexmoe.registry.api;

import dev.flexmoe.servicekit.problem.Problem;
import jakarta.ws.rs.core.Response.Status;

/**
 * A request the REST layer refuses before it reaches a service (a missing multipart part, a query
 * parameter or range out of bounds), with everything its problem details body needs.
 */
public class ProblemException extends RuntimeException {

  private final Problem problem;

  ProblemException(Status status, String code, String field, String detail) {
    super(detail);
    this.problem = Problem.of(status.getStatusCode(), code, field, detail);
  }

  public Problem problem() {
    return problem;
  }

  static ProblemException badRequest(String code, String field, String detail) {
    return new ProblemException(Status.BAD_REQUEST, code, field, detail);
  }

  static ProblemException tooLarge(String field, String detail) {
    return new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "too-large", field, detail);
  }
}
