package dev.flexmoe.registry.api;

import dev.flexmoe.registry.service.StoredArtifact;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.Optional;

/**
 * A stored file as an HTTP download: the quoted SHA-256 as its ETag ({@code If-None-Match} answers
 * 304), and a single byte range ({@code Range}, 206) for resuming a large download.
 */
final class Downloads {

  private Downloads() {}

  static Response respond(StoredArtifact file, String fileName, String ifNoneMatch, String range)
      throws IOException {
    String etag = "\"" + file.digest() + "\"";
    if (etag.equals(ifNoneMatch) || "*".equals(ifNoneMatch)) {
      return Response.notModified().header(HttpHeaders.ETAG, etag).build();
    }
    long size = file.size();
    Optional<ByteRange> part = ByteRange.parse(range, size);
    Response.ResponseBuilder response =
        part.map(
                r ->
                    Response.status(Status.PARTIAL_CONTENT)
                        .header("Content-Range", r.contentRange(size)))
            .orElseGet(Response::ok)
            .header(HttpHeaders.ETAG, etag)
            .header("Accept-Ranges", "bytes")
            .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    long first = part.map(ByteRange::first).orElse(0L);
    long length = part.map(ByteRange::length).orElse(size);
    return response
        .header(HttpHeaders.CONTENT_LENGTH, length)
        .entity(file.open(first, length))
        .build();
  }
}
