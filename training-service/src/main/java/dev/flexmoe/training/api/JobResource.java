package dev.flexmoe.training.api;

import dev.flexmoe.training.security.Caller;
import dev.flexmoe.training.security.Roles;
import dev.flexmoe.training.service.JobEvent;
import dev.flexmoe.training.service.JobStatus;
import dev.flexmoe.training.service.JobSubmission;
import dev.flexmoe.training.service.Jobs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The owner's training jobs (the operator's, on the service that pretrains the public model). */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
@RolesAllowed({Roles.OWNER, Roles.OPERATOR})
public class JobResource {

  @Inject Jobs jobs;

  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a training job",
      description =
          "kind expert | dense | router-tuning (owner role) or public (operator role, with name,"
              + " preset and vocabSize); publicModel by registry id, digest or name; data (and"
              + " validation) a local corpus inside the data roots; hyperparameters default as"
              + " flexmoe train's. 201 with the queued job; nothing is stored when refused.")
  public Response submit(JobSubmission submission) {
    if (submission == null) {
      throw new BadRequestException("missing-body", null, "a job is required");
    }
    JobStatus job = jobs.submit(submission, caller);
    return Response.created(URI.create("/api/v1/jobs/" + job.id())).entity(job).build();
  }

  @GET
  @Operation(summary = "Every job, newest first")
  public List<JobStatus> list() {
    return jobs.list(caller.id());
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A job: its state, progress, metrics and registration")
  public JobStatus get(@RestPath String id) {
    return jobs.get(uuid(id), caller.id());
  }

  @GET
  @Blocking
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Follow a job",
      description =
          "Server-sent events: 'state' with the whole job now and at each change, 'progress' after"
              + " each step (step, loss, lr, tokens/s, ETA). Ends once the job is settled.")
  public Multi<OutboundSseEvent> events(@RestPath String id, @Context Sse sse) {
    return jobs.follow(uuid(id), caller.id()).map(event -> sseOf(event, sse));
  }

  @POST
  @Path("{id}/cancel")
  @Operation(summary = "Cancel a job: a queued one at once, a running one's process within 2 s")
  public JobStatus cancel(@RestPath String id) {
    return jobs.cancel(uuid(id), caller.id());
  }

  @POST
  @Path("{id}/registration")
  @Operation(
      summary = "Register a finished expert (signed) or public model now",
      description = "For a job submitted with autoRegister false, or one the registry refused.")
  public JobStatus register(@RestPath String id) {
    return jobs.register(uuid(id), caller.id());
  }

  @GET
  @Path("{id}/logs")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(summary = "What the job's process printed (empty before it started)")
  public Response logs(@RestPath String id) {
    return jobs.log(uuid(id), caller.id())
        .map(log -> Response.ok(log.toFile(), MediaType.TEXT_PLAIN_TYPE))
        .orElseGet(() -> Response.ok("", MediaType.TEXT_PLAIN_TYPE))
        .build();
  }

  private static OutboundSseEvent sseOf(JobEvent event, Sse sse) {
    Object data = event instanceof JobEvent.State state ? state.job() : event;
    return sse.newEventBuilder()
        .name(event.name())
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(data)
        .build();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("invalid-id", "id", "'" + id + "' is not a job id (a UUID)");
    }
  }
}
