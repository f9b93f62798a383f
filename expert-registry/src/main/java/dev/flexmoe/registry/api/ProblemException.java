package dev.flexmoe.registry.api;

import jakarta.ws.rs.core.Response.Status;

/**
 * A request the registry refuses, with everything its problem details body needs. Thrown before
 * anything is stored, so a refusal never leaves a row, a blob or an event behind.
 */
public class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Status status, String code, String field, String detail) {
    this(status.getStatusCode(), status.getReasonPhrase(), code, field, detail);
  }

  private ProblemException(int status, String title, String code, String field, String detail) {
    super(detail);
    this.problem = Problem.of(status, title, code, field, detail);
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String code, String field, String detail) {
    return new ProblemException(Status.BAD_REQUEST, code, field, detail);
  }

  public static ProblemException unprocessable(String code, String field, String detail) {
    // 422 is not among JAX-RS's Status constants
    return new ProblemException(422, "Unprocessable Content", code, field, detail);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(Status.NOT_FOUND, "not-found", null, what + " does not exist");
  }

  public static ProblemException conflict(String code, String field, String detail) {
    return new ProblemException(Status.CONFLICT, code, field, detail);
  }

  public static ProblemException forbidden(String code, String detail) {
    return new ProblemException(Status.FORBIDDEN, code, null, detail);
  }

  public static ProblemException tooLarge(String field, String detail) {
    return new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "too-large", field, detail);
  }
}
