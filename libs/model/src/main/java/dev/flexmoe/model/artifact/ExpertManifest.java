package dev.flexmoe.model.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code expert.json}: what an expert artifact is, without any of the data it was trained on.
 *
 * @param formatVersion of the expert artifact format, {@value #FORMAT_VERSION}
 * @param anchorDigest identity of the public model the expert was trained against
 * @param domain the owner's name for the expert's data
 * @param owner the data owner, if named
 * @param model the public model's shape (hidden size, intermediate size, layers), echoed
 * @param routerBias whether the artifact carries the train-time router bias
 * @param data statistics of the training data: documents, tokens, bytes — never the data itself
 * @param training how it was trained (steps, batch size, learning rate, seed, final loss, ...)
 * @param metrics quality measurements, e.g. {@code validationBitsPerByte}
 * @param tensorsSha256 SHA-256 of {@code expert.safetensors}
 * @param createdAt when the artifact was written (RFC 3339)
 */
public record ExpertManifest(
    int formatVersion,
    String anchorDigest,
    String domain,
    String owner,
    Shape model,
    boolean routerBias,
    Map<String, Long> data,
    Map<String, Double> training,
    Map<String, Double> metrics,
    String tensorsSha256,
    String createdAt) {

  public static final int FORMAT_VERSION = 1;

  /** The public model shape an expert fits. */
  public record Shape(int hiddenSize, int intermediateSize, int numHiddenLayers) {}

  public ExpertManifest {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "expert.json: formatVersion "
              + formatVersion
              + " is not supported (expected "
              + FORMAT_VERSION
              + ")");
    }
    requireSha(anchorDigest, "anchorDigest");
    requireSha(tensorsSha256, "tensorsSha256");
    if (!isValidDomain(domain)) {
      throw new IllegalArgumentException(
          "expert.json: domain must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (model == null) {
      throw new IllegalArgumentException("expert.json: field 'model' is required");
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("expert.json: field 'createdAt' is required");
    }
    data = new TreeMap<>(data == null ? Map.of() : data);
    training = new TreeMap<>(training == null ? Map.of() : training);
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
    for (Map<String, ? extends Number> numbers : java.util.List.of(data, training, metrics)) {
      numbers.forEach(
          (key, value) -> {
            if (value == null || !Double.isFinite(value.doubleValue())) {
              throw new IllegalArgumentException(
                  "expert.json: '" + key + "' must be a finite number");
            }
          });
    }
  }

  /**
   * Whether a name can be an expert's domain: 1-64 letters, digits, '.', '_' or '-', starting with
   * a letter or digit (it names the expert in manifests, masks and file names).
   */
  public static boolean isValidDomain(String domain) {
    return domain != null && domain.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  }

  private static void requireSha(String value, String field) {
    if (value == null || !value.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "expert.json: field '" + field + "' must be a SHA-256 (64 lowercase hex digits)");
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  /** Reads {@code expert.json}; an unknown or missing field is an error that names it. */
  public static ExpertManifest read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ExpertManifest.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      throw new MergeException(
          e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage(), e);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      throw new MergeException("expert.json: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MergeException("expert.json cannot be read: " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }
}
