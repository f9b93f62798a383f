package dev.flexmoe.model.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model version: the public model and the ordered experts merged onto it. The router of the
 * version is the public row (row 0) followed by each expert's row at {@code routerRow}.
 *
 * @param publicDigest identity of the public model
 * @param experts in router-row order
 * @param topK experts active per token
 * @param routerBias whether the experts' train-time biases stay at inference
 */
public record ModelVersionManifest(
    int formatVersion,
    String name,
    long version,
    String publicDigest,
    List<Expert> experts,
    int topK,
    boolean routerBias) {

  public static final int FORMAT_VERSION = 1;

  /** One merged expert: its name (domain), artifact digest and router row. */
  public record Expert(String name, String digest, int routerRow) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelVersionManifest {
    experts = List.copyOf(experts);
    for (int i = 0; i < experts.size(); i++) {
      if (experts.get(i).routerRow() != i + 1) {
        throw new IllegalArgumentException("experts must be listed in router-row order 1..n");
      }
    }
    if (topK < 1 || topK > experts.size() + 1) {
      throw new IllegalArgumentException(
          "topK " + topK + " does not fit " + (experts.size() + 1) + " experts");
    }
  }

  public static ModelVersionManifest read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ModelVersionManifest.class);
    } catch (IOException e) {
      throw new MergeException(
          "cannot read model version manifest " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
