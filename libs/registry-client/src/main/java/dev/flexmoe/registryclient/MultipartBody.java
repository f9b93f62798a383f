package dev.flexmoe.registryclient;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} request body whose file parts stream from disk, so that an upload
 * of any size never sits in the heap. The JDK's HTTP client has no multipart support of its own;
 * this is the whole of what the registry's upload forms need (experts, public models).
 */
public final class MultipartBody {

  private final String boundary = "flexmoe-" + UUID.randomUUID();
  private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

  private MultipartBody() {}

  public static MultipartBody builder() {
    return new MultipartBody();
  }

  public MultipartBody text(String name, String value) {
    parts.add(bytes(head(name, null, "text/plain; charset=UTF-8") + value + "\r\n"));
    return this;
  }

  public MultipartBody file(String name, Path file, String contentType) {
    parts.add(bytes(head(name, file.getFileName().toString(), contentType)));
    try {
      parts.add(HttpRequest.BodyPublishers.ofFile(file));
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cannot upload " + file, e);
    }
    parts.add(bytes("\r\n"));
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body; its length is known, so it goes out with a Content-Length, not chunked. */
  public HttpRequest.BodyPublisher publisher() {
    List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
    all.add(bytes("--" + boundary + "--\r\n"));
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private String head(String name, String filename, String contentType) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"")
        + "\r\nContent-Type: "
        + contentType
        + "\r\n\r\n";
  }

  private static HttpRequest.BodyPublisher bytes(String text) {
    return HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
  }
}
