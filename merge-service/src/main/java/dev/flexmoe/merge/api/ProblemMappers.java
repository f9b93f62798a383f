package dev.flexmoe.merge.api;

import dev.flexmoe.merge.service.ConflictException;
import dev.flexmoe.merge.service.NotFoundException;
import dev.flexmoe.merge.service.RefusedException;
import dev.flexmoe.servicekit.problem.Problem;
import dev.flexmoe.servicekit.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The merge service's own refusals as problem details; the common ones are service-kit's. */
public class ProblemMappers {

  private static final Map<Class<? extends RefusedException>, Integer> STATUS =
      Map.of(
          NotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          ConflictException.class, Status.CONFLICT.getStatusCode());

  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    return Problems.respond(
        Problem.of(STATUS.get(e.getClass()), e.code(), e.field(), e.getMessage()));
  }

  @ServerExceptionMapper
  public Response invalid(InvalidRequestException e) {
    return Problems.respond(Problem.of(400, e.code(), e.field(), e.getMessage()));
  }
}
