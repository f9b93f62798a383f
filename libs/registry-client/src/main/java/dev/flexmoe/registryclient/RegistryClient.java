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
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's read API, as the services use it: small JSON and text answers, and file downloads
 * that stream to disk and are hashed while they are written.
 */
@ApplicationScoped
public class RegistryClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  // The registry's own default address, so that a service that never downloads need not set it.
  @ConfigProperty(name = "flexmoe.registry.url", defaultValue = "http://localhost:8081")
  URI registry;

  @Inject ServiceToken token;

  @Inject ObjectMapper json;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public JsonNode json(String path) {
    try (InputStream body = open(path)) {
      return json.readTree(body);
    } catch (IOException e) {
      throw new RegistryUnavailableException("cannot read " + path + " from the registry", e);
    }
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
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RegistryUnavailableException("the registry at " + registry + " is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while asking the registry", e);
    }
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
