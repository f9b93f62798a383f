package dev.flexmoe.registryclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's API, as the services use it: small JSON and text answers, file downloads that
 * stream to disk and are hashed while they are written, a data owner's two writes (its public key,
 * an expert upload streamed from disk) and an operator's public-model upload. HTTP/1.1 only: what
 * goes out can be read on the wire.
 */
@ApplicationScoped
public class RegistryClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The files of a public model's checkpoint, as the registry takes them. */
  private static final List<String> PUBLIC_MODEL_FILES =
      List.of("config.json", "model.safetensors", "tokenizer.json");

  // The registry's own default address, so that a service that never downloads need not set it.
  @ConfigProperty(name = "flexmoe.registry.url", defaultValue = "http://localhost:8081")
  URI registry;

  @Inject ServiceToken token;

  @Inject ObjectMapper json;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  public JsonNode json(String path) {
    try (InputStream body = open(path)) {
      return json.readTree(body);
    } catch (IOException e) {
      throw new RegistryUnavailableException("cannot read " + path + " from the registry", e);
    }
  }

  /** Every public model the registry holds ({@code GET /api/v1/public-models}). */
  public List<PublicModelInfo> publicModels() {
    List<PublicModelInfo> models = new ArrayList<>();
    json("/api/v1/public-models").forEach(model -> models.add(PublicModelInfo.of(model)));
    return models;
  }

  public byte[] bytes(String path) {
    try (InputStream body = open(path)) {
      return body.readAllBytes();
    } catch (IOException e) {
      throw new RegistryUnavailableException("cannot read " + path + " from the registry", e);
    }
  }

  /** Streams {@code path} into {@code target}; returns the SHA-256 (hex) of what was written. */
  public String download(String path, Path target) {
    try (InputStream body = open(path);
        OutputStream file = new DigestOutputStream(Files.newOutputStream(target), sha256())) {
      body.transferTo(file);
      file.flush();
      return HexFormat.of().formatHex(((DigestOutputStream) file).getMessageDigest().digest());
    } catch (IOException e) {
      throw new RegistryUnavailableException("cannot download " + path + " from the registry", e);
    }
  }

  /** POSTs {@code body} as JSON; returns the registry's JSON answer (200 or 201). */
  public JsonNode postJson(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(registry.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))),
          path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request to " + path + " as JSON", e);
    }
  }

  /**
   * Uploads an expert artifact as the registry's multipart form ({@code POST /api/v1/experts}): the
   * manifest, the tensors streamed from their file, and the owner's signature when given. Returns
   * the registry's view of the expert (201 new, 200 when these bytes were uploaded before).
   */
  public JsonNode uploadExpert(Path manifest, Path weights, String signature) {
    MultipartBody body =
        MultipartBody.builder()
            .file("expert.json", manifest, "application/json")
            .file("expert.safetensors", weights, "application/octet-stream");
    if (signature != null) {
      body.text("signature", signature);
    }
    String path = "/api/v1/experts";
    return send(
        HttpRequest.newBuilder(registry.resolve(path))
            .header("Content-Type", body.contentType())
            .POST(body.publisher()),
        path);
  }

  /**
   * Registers a public model as the registry's multipart form ({@code POST /api/v1/public-models},
   * operators only): its name, the digest it is claimed to have, and the checkpoint's three files
   * streamed from {@code dir}. Returns the registry's view of the model.
   */
  public JsonNode uploadPublicModel(String name, String digest, Path dir) {
    MultipartBody body = MultipartBody.builder().text("name", name).text("digest", digest);
    for (String file : PUBLIC_MODEL_FILES) {
      body.file(file, dir.resolve(file), "application/octet-stream");
    }
    String path = "/api/v1/public-models";
    return send(
        HttpRequest.newBuilder(registry.resolve(path))
            .header("Content-Type", body.contentType())
            .POST(body.publisher()),
        path);
  }

  private JsonNode send(HttpRequest.Builder request, String path) {
    HttpResponse<InputStream> response =
        exchange(request.header("Authorization", token.bearer()).build());
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      try (InputStream body = response.body()) {
        return json.readTree(body);
      } catch (IOException e) {
        throw new RegistryUnavailableException("cannot read the answer to " + path, e);
      }
    }
    String problem = drain(response.body());
    if (status >= 400 && status < 500) {
      throw new RegistryRefusedException(
          status, "the registry refused " + path + " (" + status + "): " + problem);
    }
    throw new RegistryUnavailableException(
        "the registry answered " + status + " to " + path + ": " + problem, null);
  }

  /** A path segment, escaped. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private InputStream open(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(registry.resolve(path))
            .header("Authorization", token.bearer())
            .GET()
            .build();
    HttpResponse<InputStream> response = exchange(request);
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String problem = drain(response.body());
    if (status == 404 || status == 410) {
      throw new RegistryMissingException(path + " is not in the registry: " + problem);
    }
    throw new RegistryUnavailableException(
        "the registry answered " + status + " to " + path + ": " + problem, null);
  }

  private HttpResponse<InputStream> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RegistryUnavailableException("the registry at " + registry + " is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while asking the registry", e);
    }
  }

  private static String drain(InputStream body) {
    try (body) {
      byte[] head = body.readNBytes(2048);
      return new String(head, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no body)";
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
