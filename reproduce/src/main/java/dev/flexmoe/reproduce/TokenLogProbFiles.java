package dev.flexmoe.reproduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A system's per-token log-probabilities on one domain's validation documents, stored so that an
 * interrupted evaluation resumes without scoring again: document count, then per document its token
 * count and values (big-endian).
 */
final class TokenLogProbFiles {

  private TokenLogProbFiles() {}

  static void write(List<float[]> documents, Path file) {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(documents.size());
      for (float[] document : documents) {
        out.writeInt(document.length);
        for (float value : document) {
          out.writeFloat(value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static List<float[]> read(Path file) {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int count = in.readInt();
      List<float[]> documents = new ArrayList<>(count);
      for (int d = 0; d < count; d++) {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
          values[i] = in.readFloat();
        }
        documents.add(values);
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
