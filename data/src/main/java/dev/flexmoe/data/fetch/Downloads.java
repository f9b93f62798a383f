package dev.flexmoe.data.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Plain HTTP GETs with the JDK client: a small JSON document, or a file streamed to disk. */
final class Downloads {

  private final HttpClient http;

  Downloads(HttpClient http) {
    this.http = http;
  }

  static Downloads withDefaultClient() {
    return new Downloads(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build());
  }

  /** The body, or null on 404. */
  byte[] getOrNull(URI uri) throws IOException {
    HttpResponse<byte[]> response = send(uri, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return null;
    }
    requireOk(uri, response.statusCode());
    return response.body();
  }

  void getToFile(URI uri, Path target) throws IOException {
    HttpResponse<Path> response = send(uri, HttpResponse.BodyHandlers.ofFile(target));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(target);
      requireOk(uri, response.statusCode());
    }
  }

  private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (IOException e) {
      throw new IOException("cannot fetch " + uri + ": " + e, e);
    }
  }

  private static void requireOk(URI uri, int status) throws IOException {
    if (status != 200) {
      throw new IOException("GET " + uri + " answered HTTP " + status);
    }
  }
}
