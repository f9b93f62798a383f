package dev.flexmoe.inference.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.inference.security.Caller;
import dev.flexmoe.inference.security.Roles;
import dev.flexmoe.inference.service.CompletionCommand;
import dev.flexmoe.inference.service.Completions;
import dev.flexmoe.inference.service.RunningCompletion;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/completions}, as OpenAI's API defines it: the whole completion as JSON, or with
 * {@code stream} its text as server-sent events ending with {@code data: [DONE]}.
 */
@Path("/v1/completions")
public class CompletionResource {

  /** How long a completion may go without producing anything before it is given up. */
  private static final long SILENCE_SECONDS = 120;

  @Inject Completions completions;

  @Inject Caller caller;

  @Inject ObjectMapper json;

  @ConfigProperty(name = "inference.max-n")
  int maxN;

  @ConfigProperty(name = "inference.max-stop")
  int maxStop;

  @POST
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, "text/event-stream"})
  @RolesAllowed(Roles.TENANT)
  @Operation(summary = "Complete prompts with the experts this tenant may use")
  public Response complete(CompletionRequest request) throws InterruptedException {
    if (request == null) {
      return OpenAiErrorMappers.error(
          400, "invalid_request_error", null, "missing_body", "a JSON request body is required");
    }
    CompletionCommand command = CompletionRequests.command(request, maxN, maxStop);
    RunningCompletion running = completions.start(command, caller.tenant());
    CompletionResponses responses = new CompletionResponses(json, running);
    if (Boolean.TRUE.equals(request.stream())) {
      StreamingOutput events = out -> stream(running, responses, out);
      return Response.ok(events, "text/event-stream").header("Cache-Control", "no-cache").build();
    }
    List<RunningCompletion.Finished> finished = new ArrayList<>();
    while (finished.size() < running.choices()) {
      RunningCompletion.Update update = running.next(SILENCE_SECONDS, TimeUnit.SECONDS);
      if (update == null) {
        return OpenAiErrorMappers.error(
            500, "server_error", null, "timeout", "the completion stopped making progress");
      }
      if (update instanceof RunningCompletion.Finished done) {
        if ("error".equals(done.reason())) {
          return OpenAiErrorMappers.error(
              500, "server_error", null, "generation_failed", "the completion failed");
        }
        finished.add(done);
      }
    }
    finished.sort(Comparator.comparingInt(RunningCompletion.Finished::index));
    return Response.ok(responses.whole(finished), MediaType.APPLICATION_JSON).build();
  }

  private void stream(RunningCompletion running, CompletionResponses responses, OutputStream out)
      throws IOException {
    int finished = 0;
    try {
      while (finished < running.choices()) {
        RunningCompletion.Update update = running.next(SILENCE_SECONDS, TimeUnit.SECONDS);
        if (update == null) {
          event(
              out,
              json.writeValueAsString(
                  OpenAiError.of(
                      "the completion stopped making progress", "server_error", null, "timeout")));
          break;
        }
        if (update instanceof RunningCompletion.Text text) {
          event(out, json.writeValueAsString(responses.text(text)));
        } else if (update instanceof RunningCompletion.Finished done) {
          event(out, json.writeValueAsString(responses.finished(done)));
          finished++;
        }
      }
      event(out, "[DONE]");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
