package dev.flexmoe.data.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Documents as JSON Lines, one {@code {"text": ...}} object per line, the form that {@code
 * dev.flexmoe.model.workflow.Corpus} reads; and the same bytes gzip-compressed reproducibly.
 */
public final class JsonLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  public static byte[] encode(List<String> documents) {
    StringBuilder lines = new StringBuilder();
    for (String document : documents) {
      ObjectNode line = JSON.createObjectNode().put("text", document);
      lines.append(line.toString()).append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * gzip with a fixed header (modification time 0, which gzip reads as "none"; no file name; OS
   * "unknown") and the best compression, so equal input gives equal bytes on every build.
   */
  public static byte[] gzip(byte[] bytes) {
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(0);
    parameters.setOperatingSystem(255);
    parameters.setCompressionLevel(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, parameters)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
