package dev.flexmoe.registry.api;

import dev.flexmoe.registry.service.FileReceiver;
import dev.flexmoe.registry.service.ReceivedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * A {@code multipart/form-data} body read in one pass as it arrives: small parts into memory, file
 * parts straight into the blob store's staging area (hashed on the way), so an upload of any size
 * is written once. The framework's multipart reader would first copy each file part to a file of
 * its own, byte by byte. Every part must be one the request declares, at most once and within its
 * size; closing the upload removes the files no use case stored.
 */
final class MultipartUpload implements AutoCloseable {

  /** A part a request takes: its name, its size limit, and whether it is a file. */
  record Part(String name, long maxBytes, boolean file) {}

  private static final MimeConfig MIME =
      new MimeConfig.Builder().setMaxHeaderCount(16).setMaxLineLen(8192).build();

  private final Map<String, byte[]> fields = new HashMap<>();
  private final Map<String, ReceivedFile> files = new LinkedHashMap<>();

  private MultipartUpload() {}

  /**
   * Reads the whole body.
   *
   * @throws ProblemException 400 for an unknown, repeated or unparsable part or a file name with a
   *     path, 413 for a part over its limit; files received so far are removed
   */
  static MultipartUpload read(
      InputStream body, String contentType, List<Part> parts, FileReceiver receiver) {
    Map<String, Part> declared = new HashMap<>();
    parts.forEach(part -> declared.put(part.name(), part));
    MultipartUpload upload = new MultipartUpload();
    try {
      MimeTokenStream stream = new MimeTokenStream(MIME);
      stream.parseHeadless(body, contentType);
      Disposition disposition = null;
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        if (state == EntityState.T_START_BODYPART) {
          disposition = null;
        } else if (state == EntityState.T_FIELD
            && stream.getField().getName().equalsIgnoreCase("Content-Disposition")) {
          disposition = Disposition.of(stream.getField());
        } else if (state == EntityState.T_BODY) {
          upload.receive(disposition, declared, stream.getInputStream(), receiver);
        }
      }
      IOUtils.consume(body);
      return upload;
    } catch (MimeException e) {
      upload.close();
      throw ProblemException.badRequest("invalid-multipart", null, e.getMessage());
    } catch (IOException e) {
      upload.close();
      throw new UncheckedIOException("cannot read the request body", e);
    } catch (RuntimeException e) {
      upload.close();
      drainQuietly(body);
      throw e;
    }
  }

  /** A text part, or empty when it was not sent. */
  Optional<String> text(String name) {
    return Optional.ofNullable(fields.get(name)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * A required small part's bytes.
   *
   * @throws ProblemException 400 when it was not sent
   */
  byte[] bytes(String name) {
    byte[] bytes = fields.get(name);
    if (bytes == null) {
      throw missing(name);
    }
    return bytes;
  }

  /**
   * A required file part.
   *
   * @throws ProblemException 400 when it was not sent
   */
  ReceivedFile file(String name) {
    ReceivedFile file = files.get(name);
    if (file == null) {
      throw missing(name);
    }
    return file;
  }

  @Override
  public void close() {
    files.values().forEach(ReceivedFile::close);
  }

  private void receive(
      Disposition disposition, Map<String, Part> declared, InputStream in, FileReceiver receiver)
      throws IOException {
    if (disposition == null || disposition.name() == null) {
      throw ProblemException.badRequest(
          "invalid-multipart", null, "every part needs a Content-Disposition with a name");
    }
    String name = disposition.name();
    Part part = declared.get(name);
    if (part == null) {
      throw ProblemException.badRequest(
          "unexpected-part", name, "this request takes the parts " + declared.keySet());
    }
    if (fields.containsKey(name) || files.containsKey(name)) {
      throw ProblemException.badRequest("duplicate-part", name, "'" + name + "' was sent twice");
    }
    String fileName = disposition.fileName();
    if (fileName != null
        && (fileName.contains("/") || fileName.contains("\\") || fileName.contains(".."))) {
      throw ProblemException.badRequest(
          "invalid-file-name",
          name,
          "the part's file name '" + fileName + "' must be a plain name, without a path");
    }
    // one byte past the limit tells an oversized part from one that is exactly at it
    InputStream bounded =
        BoundedInputStream.builder().setInputStream(in).setMaxCount(part.maxBytes() + 1).get();
    if (part.file()) {
      ReceivedFile file = receiver.receive(bounded);
      files.put(name, file);
      checkSize(part, file.size());
    } else {
      byte[] bytes = bounded.readAllBytes();
      checkSize(part, bytes.length);
      fields.put(name, bytes);
    }
  }

  private static void checkSize(Part part, long size) {
    if (size > part.maxBytes()) {
      throw ProblemException.tooLarge(
          part.name(),
          "'" + part.name() + "' has more than " + part.maxBytes() + " bytes, the limit");
    }
  }

  private static ProblemException missing(String name) {
    return ProblemException.badRequest(
        "missing-part", name, "the multipart part '" + name + "' is missing");
  }

  /** Reads what the client still sends, so that it gets the refusal rather than a reset. */
  private static void drainQuietly(InputStream body) {
    try {
      IOUtils.consume(body);
    } catch (IOException e) {
      // the client has gone; there is nobody left to answer
    }
  }

  /** The name and file name of a part's {@code Content-Disposition: form-data} header. */
  private record Disposition(String name, String fileName) {
    static Disposition of(Field field) throws MimeException {
      RawBody body =
          RawFieldParser.DEFAULT.parseRawBody(RawFieldParser.DEFAULT.parseField(field.getRaw()));
      if (!body.getValue().toLowerCase(Locale.ROOT).equals("form-data")) {
        throw new MimeException("a part's Content-Disposition must be form-data");
      }
      String name = null;
      String fileName = null;
      for (NameValuePair parameter : body.getParams()) {
        if (parameter.getName().equalsIgnoreCase("name")) {
          name = parameter.getValue();
        } else if (parameter.getName().equalsIgnoreCase("filename")) {
          fileName = parameter.getValue();
        }
      }
      return new Disposition(name, fileName);
    }
  }
}
