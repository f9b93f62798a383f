package dev.flexmoe.servicekit.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.input.ProxyInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds every request body but a {@link StreamedUpload}'s. {@code
 * quarkus.http.limits.max-body-size} must admit a service's largest upload and there is no
 * per-route variant of it, while Jackson holds a JSON body's values in memory, so the other
 * endpoints get a limit of their own ({@code flexmoe.http.max-json-bytes}, 1 MiB unless set),
 * enforced while the body is read: a declared {@code Content-Length} over it is refused before any
 * of the body is read, a body of unknown length (chunked) as soon as it passes it. Either way the
 * rest is never read and the connection closes once the 413 problem is sent, as Quarkus does for
 * its own limit (whose 413 has no body).
 *
 * <p>Quarkus REST runs request filters after the {@code @RolesAllowed} checks and before it reads
 * the body, so a caller without the role is refused before any of its body is read.
 */
public class RequestBodyLimit {

  @ConfigProperty(name = "flexmoe.http.max-json-bytes", defaultValue = "1048576")
  long maxBytes;

  @ServerRequestFilter
  public void bound(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http)
      throws BodyTooLargeException {
    if (resource.getResourceMethod().isAnnotationPresent(StreamedUpload.class)) {
      return;
    }
    String declared = http.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && Long.parseLong(declared) > maxBytes) {
      throw refuse(http);
    }
    request.setEntityStream(new LimitedBody(request.getEntityStream(), http));
  }

  private BodyTooLargeException refuse(HttpServerRequest http) {
    http.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    http.response().endHandler(sent -> http.connection().close());
    return new BodyTooLargeException(maxBytes);
  }

  /** A body cut off once it passes the limit. */
  private final class LimitedBody extends ProxyInputStream {

    private final HttpServerRequest http;
    private long count;
    private boolean cutOff;

    LimitedBody(InputStream body, HttpServerRequest http) {
      super(body);
      this.http = http;
    }

    @Override
    protected void afterRead(int n) throws BodyTooLargeException {
      if (n > 0) {
        count += n;
        if (count > maxBytes) {
          cutOff = true;
          throw refuse(http);
        }
      }
    }

    /** Closing the framework's stream reads it to its end, which a cut-off body never has. */
    @Override
    public void close() throws IOException {
      if (!cutOff) {
        super.close();
      }
    }
  }
}
