package dev.flexmoe.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay in front of the registry that keeps every byte the service under test sends through
 * it: what the privacy tests read back, as the requests (HTTP/1.1) those bytes make.
 */
final class RecordingProxy implements AutoCloseable {

  /** One request as it went out. */
  record Request(String method, String path, byte[] body) {}

  private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) (\\S+) HTTP/1\\.1\r\n");

  private final ServerSocket server;
  private final int targetPort;
  private final List<ByteArrayOutputStream> connections = new ArrayList<>();

  private RecordingProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  static RecordingProxy to(URI target) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      RecordingProxy proxy = new RecordingProxy(server, target.getPort());
      Thread acceptor = new Thread(proxy::accept, "recording-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the proxy", e);
    }
  }

  URI uri() {
    return URI.create("http://localhost:" + server.getLocalPort());
  }

  /** Every byte sent so far, connection after connection. */
  synchronized byte[] sent() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    connections.forEach(connection -> all.writeBytes(snapshot(connection)));
    return all.toByteArray();
  }

  /** The requests sent so far, with their bodies (by Content-Length). */
  synchronized List<Request> requests() {
    List<Request> requests = new ArrayList<>();
    for (ByteArrayOutputStream connection : connections) {
      byte[] bytes = snapshot(connection);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int at = 0;
      Matcher line = REQUEST_LINE.matcher(text);
      while (at < text.length() && line.region(at, text.length()).lookingAt()) {
        int headersEnd = text.indexOf("\r\n\r\n", at);
        if (headersEnd < 0) {
          break;
        }
        int length = contentLength(text.substring(at, headersEnd));
        int bodyStart = headersEnd + 4;
        int bodyEnd = Math.min(bytes.length, bodyStart + length);
        byte[] body = new byte[bodyEnd - bodyStart];
        System.arraycopy(bytes, bodyStart, body, 0, body.length);
        requests.add(new Request(line.group(1), line.group(2), body));
        at = bodyEnd;
      }
    }
    return requests;
  }

  private static int contentLength(String headers) {
    for (String header : headers.split("\r\n")) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(header.substring("content-length:".length()).trim());
      }
      if (header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
        throw new IllegalStateException("a chunked request cannot be checked: " + header);
      }
    }
    return 0;
  }

  private static byte[] snapshot(ByteArrayOutputStream connection) {
    synchronized (connection) {
      return connection.toByteArray();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        synchronized (this) {
          connections.add(recorded);
        }
        pump(client.getInputStream(), target.getOutputStream(), recorded, client, target);
        pump(target.getInputStream(), client.getOutputStream(), null, client, target);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(
      InputStream in, OutputStream out, ByteArrayOutputStream recorded, Socket a, Socket b) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  if (recorded != null) {
                    synchronized (recorded) {
                      recorded.write(buffer, 0, n);
                    }
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException closed) {
                // One side went away: close both.
              } finally {
                closeQuietly(a);
                closeQuietly(b);
              }
            },
            "recording-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
