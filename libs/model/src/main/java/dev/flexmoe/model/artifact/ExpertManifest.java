package dev.flexmoe.model.artifact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.flexmoe.model.FlexOlmoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** The metric of the expert's bits per byte on the owner's held-out text. */
  public static final String VALIDATION_BITS_PER_BYTE = "validationBitsPerByte";

  /** The metric of the public model's bits per byte on the same held-out text. */
  public static final String PUBLIC_VALIDATION_BITS_PER_BYTE = "publicValidationBitsPerByte";

  /** The public model shape an expert fits. */
  public record Shape(int hiddenSize, int intermediateSize, int numHiddenLayers) {

    /** The shape of the public model with {@code config}. */
    public static Shape of(FlexOlmoConfig config) {
      return new Shape(config.hiddenSize(), config.intermediateSize(), config.numHiddenLayers());
    }
  }

  public ExpertManifest {
    if (formatVersion != FORMAT_VERSION) {
      throw new InvalidManifestException(
          "formatVersion",
          "formatVersion " + formatVersion + " is not supported (expected " + FORMAT_VERSION + ")");
    }
    requireIdentity(anchorDigest, domain, owner, model);
    requireSha(tensorsSha256, "tensorsSha256");
    if (createdAt == null) {
      throw new InvalidManifestException("createdAt", "field 'createdAt' is required");
    }
    data = finiteNumbers(data, "data");
    training = finiteNumbers(training, "training");
    metrics = finiteNumbers(metrics, "metrics");
  }

  /**
   * What a trainer knows of an expert before its tensors are written: everything but their digest,
   * the router-bias flag (read off the tensors) and the time. Only {@link #complete} makes a
   * manifest of it, so a half-filled manifest cannot be written or sent.
   */
  public record Draft(
      String anchorDigest,
      String domain,
      String owner,
      Shape model,
      Map<String, Long> data,
      Map<String, Double> training,
      Map<String, Double> metrics) {

    public Draft {
      requireIdentity(anchorDigest, domain, owner, model);
      data = finiteNumbers(data, "data");
      training = finiteNumbers(training, "training");
      metrics = finiteNumbers(metrics, "metrics");
    }

    /** The manifest of the written tensors. */
    public ExpertManifest complete(boolean routerBias, String tensorsSha256, Instant createdAt) {
      return new ExpertManifest(
          FORMAT_VERSION,
          anchorDigest,
          domain,
          owner,
          model,
          routerBias,
          data,
          training,
          metrics,
          tensorsSha256,
          createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  private static void requireIdentity(
      String anchorDigest, String domain, String owner, Shape model) {
    requireSha(anchorDigest, "anchorDigest");
    if (!isValidDomain(domain)) {
      throw new InvalidManifestException(
          "domain",
          "domain must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (owner != null && !isValidDomain(owner)) {
      throw new InvalidManifestException(
          "owner",
          "owner must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (model == null) {
      throw new InvalidManifestException("model", "field 'model' is required");
    }
  }

  private static <N extends Number> Map<String, N> finiteNumbers(
      Map<String, N> numbers, String field) {
    Map<String, N> sorted = new TreeMap<>();
    if (numbers != null) {
      numbers.forEach(
          (key, value) -> {
            if (value == null || !Double.isFinite(value.doubleValue())) {
              throw new InvalidManifestException(
                  field + "." + key, "'" + key + "' must be a finite number");
            }
            sorted.put(key, value);
          });
    }
    return sorted;
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
      throw new InvalidManifestException(
          field, "field '" + field + "' must be a SHA-256 (64 lowercase hex digits)");
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Reads {@code expert.json}; an unknown or missing field is an error that names it. */
  public static ExpertManifest read(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (InvalidManifestException e) {
      throw new MergeException("expert.json: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MergeException("expert.json cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code expert.json} from untrusted bytes.
   *
   * @throws InvalidManifestException naming the field that is unknown, missing, mistyped or invalid
   *     ({@code ""} when the bytes are no JSON object at all)
   */
  public static ExpertManifest parse(byte[] json) {
    try {
      ExpertManifest manifest = JSON.readValue(json, ExpertManifest.class);
      if (manifest == null) {
        throw new InvalidManifestException("", "expert.json must be a JSON object, not null");
      }
      return manifest;
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof InvalidManifestException invalid) {
        throw invalid;
      }
      throw new InvalidManifestException(path(e), e.getOriginalMessage());
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidManifestException(path(e), "unknown field '" + e.getPropertyName() + "'");
    } catch (JsonMappingException e) {
      Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage());
      if (missing.find()) {
        String name = missing.group(1);
        String path = path(e);
        String field =
            path.equals(name) || path.endsWith("." + name)
                ? path
                : (path.isEmpty() ? name : path + "." + name);
        throw new InvalidManifestException(field, "field '" + name + "' is required");
      }
      throw new InvalidManifestException(path(e), e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidManifestException("", "expert.json is not valid JSON: " + e.getMessage());
    }
  }

  /** Jackson names a missing creator property only in its message. */
  private static final Pattern MISSING_PROPERTY =
      Pattern.compile("Missing (?:required )?creator property '([^']+)'");

  /** The JSON path of the problem, e.g. {@code model.hiddenSize} or {@code data.tokens}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      String name =
          reference.getFieldName() != null
              ? reference.getFieldName()
              : String.valueOf(reference.getIndex());
      path.append(path.length() == 0 ? "" : ".").append(name);
    }
    return path.toString();
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }
}
