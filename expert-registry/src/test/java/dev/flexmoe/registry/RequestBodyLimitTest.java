package dev.flexmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Request bodies other than the uploads' are bounded while they are read: the refusal comes before
 * the rest of the body has been sent (these requests never finish sending it), and a caller without
 * the endpoint's role is refused before its body is read at all. The uploads' larger bodies are in
 * {@link BadUploadTest} and {@link PublicModelUploadTest}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RequestBodyLimitTest {

  private static final int CHUNK = 64 * 1024;

  @ConfigProperty(name = "flexmoe.http.max-json-bytes")
  int maxBytes;

  @TestHTTPResource("/api/v1/owners/judy/keys")
  URL judysKeys;

  @Inject Vertx vertx;

  @Inject DataSource dataSource;

  /** The response: its status, content type and problem (or other JSON) body. */
  record Answer(int status, String contentType, JsonObject body) {}

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyOfTheBodyIsSent() throws Exception {
    long keysBefore = ownerKeys();
    Answer answer =
        asJudy(
            request ->
                request.putHeader("Content-Length", String.valueOf(maxBytes + 1L)).sendHead());
    assertTooLarge(answer);
    assertThat(ownerKeys()).isEqualTo(keysBefore);
  }

  @Test
  void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
    long keysBefore = ownerKeys();
    byte[] start = "{\"publicKey\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] padding = new byte[CHUNK];
    Arrays.fill(padding, (byte) 'A');
    Answer answer =
        asJudy(
            request -> {
              request.setChunked(true).write(Buffer.buffer(start));
              for (long sent = start.length; sent <= maxBytes + (long) CHUNK; sent += CHUNK) {
                request.write(Buffer.buffer(padding));
              }
            });
    assertTooLarge(answer);
    assertThat(ownerKeys()).isEqualTo(keysBefore);
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() throws Exception {
    byte[] body = padded("{\"publicKey\":\"not a key\"}", maxBytes);
    Answer declared = asJudy(request -> request.end(Buffer.buffer(body)));
    Answer chunked = asJudy(request -> request.setChunked(true).end(Buffer.buffer(body)));
    for (Answer answer : new Answer[] {declared, chunked}) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body().getString("code")).isEqualTo("invalid-key");
      assertThat(answer.body().getString("field")).isEqualTo("publicKey");
    }
  }

  @Test
  void aKeyArrivesChunkedAndIsRegistered() throws Exception {
    String key =
        Base64.getEncoder()
            .encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
    long keysBefore = ownerKeys();
    Answer answer =
        asJudy(
            request ->
                request.setChunked(true).end(Buffer.buffer("{\"publicKey\":\"" + key + "\"}")));
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().getString("ownerId")).isEqualTo("judy");
    assertThat(ownerKeys()).isEqualTo(keysBefore + 1);
  }

  /**
   * {@code @RolesAllowed} is checked before the body is read: a declared length over the limit,
   * whose body is never sent, gets 401 or 403, not 413, and not a wait for the body. (No body bytes
   * are sent: bytes the server never reads would make its close a reset, which can discard the
   * answer before the client reads it.)
   */
  @Test
  void aCallerWithoutTheRoleIsRefusedBeforeItsBodyIsRead() throws Exception {
    Consumer<HttpClientRequest> endlessBody =
        request -> request.putHeader("Content-Length", String.valueOf(maxBytes + 1L)).sendHead();
    Answer wrongRole = send("merge-service", "service", endlessBody);
    assertThat(wrongRole.status()).isEqualTo(403);
    assertThat(wrongRole.body().getString("code")).isEqualTo("forbidden");
    Answer noToken = send(null, null, endlessBody);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.body().getString("code")).isEqualTo("unauthorized");
  }

  private void assertTooLarge(Answer answer) {
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.body().getString("code")).isEqualTo("too-large");
    assertThat(answer.body().getInteger("status")).isEqualTo(413);
    assertThat(answer.body().getString("detail"))
        .isEqualTo("the request body has more than " + maxBytes + " bytes, the limit");
    assertThat(answer.body().containsKey("field")).isFalse();
  }

  private Answer asJudy(Consumer<HttpClientRequest> body) throws Exception {
    return send("judy", "owner", body);
  }

  /**
   * A JSON POST to judy's keys as {@code subject} (no token when null), its head and body sent by
   * {@code body}; the response is awaited whether or not the body was ended.
   */
  private Answer send(String subject, String role, Consumer<HttpClientRequest> body)
      throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      HttpClientRequest request =
          await(
              client.request(
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setAbsoluteURI(judysKeys)
                      .putHeader("Content-Type", "application/json")));
      // the registry closes the connection once it has refused, so the rest cannot be sent
      request.exceptionHandler(closed -> {});
      if (subject != null) {
        request.putHeader("Authorization", Fixtures.bearer(subject, role));
      }
      // Subscribed before anything is sent, so that the answer's body is read on the event loop as
      // soon as its head arrives: subscribed later, an answer that comes while this thread is still
      // sending (a refusal of the request's head alone) can lose its body.
      Future<Answer> answer =
          request
              .response()
              .compose(
                  response ->
                      response
                          .body()
                          .map(
                              received ->
                                  new Answer(
                                      response.statusCode(),
                                      response.getHeader("Content-Type"),
                                      received.toJsonObject())));
      body.accept(request);
      return await(answer);
    } finally {
      client.close();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** {@code json} followed by spaces, {@code length} bytes in all. */
  private static byte[] padded(String json, int length) {
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) ' ');
    byte[] start = json.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, body, 0, start.length);
    return body;
  }

  private long ownerKeys() throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet result =
            connection.createStatement().executeQuery("select count(*) from owner_key")) {
      result.next();
      return result.getLong(1);
    }
  }
}
