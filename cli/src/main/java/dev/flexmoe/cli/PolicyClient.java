package dev.flexmoe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the policy service's REST API ({@code /api/v1}) with a bearer token. A refusal becomes a
 * {@link PolicyRefusedException} carrying the problem details' code and field, so that the command
 * line prints what was wrong in one line.
 */
final class PolicyClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  PolicyClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A response body with the revision its {@code ETag} names, if any. */
  record Reply(String body, String etag) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the policy service answered no JSON: " + body, e);
      }
    }
  }

  Reply get(String path, String accept) {
    return send(request(path).header("Accept", accept).GET(), path);
  }

  /** {@code PUT} of a JSON body; with {@code ifRevision} only if the resource is at it. */
  Reply put(String path, JsonNode body, Long ifRevision) {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (ifRevision != null) {
      request.header("If-Match", "\"" + ifRevision + "\"");
    }
    return send(request, path);
  }

  static ObjectMapper json() {
    return JSON;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve("/api/v1/" + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder request, String path) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the policy service at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the policy service", e);
    }
    if (response.statusCode() >= 400) {
      throw PolicyRefusedException.of(response.statusCode(), path, response.body());
    }
    return new Reply(response.body(), response.headers().firstValue("ETag").orElse(null));
  }
}
