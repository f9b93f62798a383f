package dev.flexmoe.data.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * The subject and the first plain-text body of an RFC 822/MIME message, with transfer encodings
 * (quoted-printable, base64), charsets and RFC 2047 encoded words decoded by Apache James mime4j.
 */
public record MailMessage(String subject, String body) {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** The message's subject and plain body; empty if it has no text/plain part (HTML only). */
  public static Optional<MailMessage> parse(byte[] message) {
    MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
    String subject = "";
    String body = null;
    int headersSeen = 0;
    try {
      stream.parse(new ByteArrayInputStream(message));
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        if (state == EntityState.T_START_HEADER) {
          headersSeen++;
        } else if (state == EntityState.T_FIELD
            && headersSeen == 1
            && stream.getField().getName().equalsIgnoreCase("Subject")) {
          subject = decodeHeader(stream.getField().getBody());
        } else if (state == EntityState.T_BODY
            && body == null
            && stream.getBodyDescriptor().getMimeType().equalsIgnoreCase("text/plain")) {
          body =
              decodeBody(stream.getDecodedInputStream(), stream.getBodyDescriptor().getCharset());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MimeException e) {
      throw new IllegalArgumentException("not a readable MIME message: " + e.getMessage(), e);
    }
    return body == null ? Optional.empty() : Optional.of(new MailMessage(subject, body));
  }

  private static String decodeHeader(String raw) {
    return DecoderUtil.decodeEncodedWords(MimeUtil.unfold(raw), DecodeMonitor.SILENT).strip();
  }

  /**
   * Bytes to text in the declared charset. Mail of the early 2000s often declares us-ascii (or
   * nothing) while sending 8-bit text: such bodies are read as UTF-8 when they are valid UTF-8,
   * else as windows-1252, which is also how ISO-8859-1 is read (as browsers do).
   */
  private static String decodeBody(InputStream decoded, String declaredCharset) throws IOException {
    byte[] bytes = decoded.readAllBytes();
    String name = declaredCharset == null ? "" : declaredCharset.toLowerCase(Locale.ROOT).strip();
    if (name.isEmpty() || name.equals("us-ascii") || name.equals("ascii")) {
      return strictUtf8(bytes).orElseGet(() -> new String(bytes, WINDOWS_1252));
    }
    if (name.equals("iso-8859-1") || name.equals("latin1")) {
      return new String(bytes, WINDOWS_1252);
    }
    try {
      return new String(bytes, Charset.forName(name));
    } catch (IllegalArgumentException unknownCharset) {
      return new String(bytes, WINDOWS_1252);
    }
  }

  private static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
