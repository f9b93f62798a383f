package dev.flexmoe.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.testkit.PackagedService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The registry's REST API over the JDK's HTTP client, with development tokens. */
final class RegistryHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Path devKeys;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  RegistryHttp(URI base, Path devKeys) {
    this.base = base;
    this.devKeys = devKeys;
  }

  /** Waits until the service in {@code process} answers at its readiness check. */
  void awaitReady(Process process) {
    PackagedService.awaitReady(base.resolve("/q/health/ready"), process, "the service at " + base);
  }

  /** Uploads the public model in {@code dir} (an HF checkpoint) under {@code name}. */
  void registerPublicModel(String name, String digest, Path dir) throws Exception {
    MultipartBody body = new MultipartBody().text("name", name).text("digest", digest);
    for (String file : List.of(HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER)) {
      body.file(file, "application/octet-stream", Files.readAllBytes(dir.resolve(file)));
    }
    HttpResponse<String> response =
        client.send(
            body.post(HttpRequest.newBuilder(base.resolve("/api/v1/public-models")))
                .header("Authorization", "Bearer " + token("bench-operator"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    require(response, 201);
  }

  /** Uploads one expert; returns its id. */
  String upload(BenchArtifacts.Artifact artifact) throws Exception {
    MultipartBody body =
        new MultipartBody()
            .file("expert.json", "application/json", artifact.manifest())
            .file("expert.safetensors", "application/octet-stream", artifact.tensors());
    HttpResponse<String> response =
        client.send(
            body.post(HttpRequest.newBuilder(base.resolve("/api/v1/experts")))
                .header("Authorization", "Bearer " + token(artifact.owner()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    require(response, 201);
    JsonNode created = JSON.readTree(response.body());
    return created.get("id").asText();
  }

  /**
   * A {@code multipart/form-data} body as a list of byte arrays, sent as they are: the client
   * copies no part, so that its own work stays out of the registry's figure.
   */
  private static final class MultipartBody {
    private final String boundary = "flexmoe-" + UUID.randomUUID();
    private final List<byte[]> chunks = new ArrayList<>();

    MultipartBody text(String name, String value) {
      return part(name, null, "text/plain", value.getBytes(StandardCharsets.UTF_8));
    }

    MultipartBody file(String name, String type, byte[] content) {
      return part(name, name, type, content);
    }

    HttpRequest.Builder post(HttpRequest.Builder request) {
      chunks.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      long length = chunks.stream().mapToLong(chunk -> chunk.length).sum();
      return request
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(
              HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofByteArrays(chunks), length));
    }

    /** One part; a file part has a file name, a text field none. */
    private MultipartBody part(String name, String fileName, String type, byte[] content) {
      chunks.add(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + name
                  + "\""
                  + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
                  + "\r\nContent-Type: "
                  + type
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      chunks.add(content);
      chunks.add("\r\n".getBytes(StandardCharsets.US_ASCII));
      return this;
    }
  }

  /**
   * Mints a development token for each caller with {@code expert-registry/bin/dev-token}, before
   * the measurement (the launcher may build first).
   */
  void mintTokens(Map<String, String> rolesBySubject) {
    rolesBySubject.forEach((subject, role) -> tokens.put(subject, mint(subject, role)));
  }

  String token(String subject) {
    String token = tokens.get(subject);
    if (token == null) {
      throw new IllegalStateException("no token minted for " + subject);
    }
    return token;
  }

  private String mint(String subject, String role) {
    try {
      Process process =
          new ProcessBuilder(
                  "expert-registry/bin/dev-token",
                  "--subject",
                  subject,
                  "--role",
                  role,
                  "--key",
                  devKeys.resolve("jwt-private.pem").toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String token =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.waitFor() != 0 || token.isEmpty()) {
        throw new IllegalStateException("dev-token failed for " + subject);
      }
      return token;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run dev-token", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void require(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
