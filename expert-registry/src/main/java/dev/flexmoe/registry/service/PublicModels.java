package dev.flexmoe.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.registry.domain.PublicModel;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Public models (anchors): the models experts must be trained against. */
@ApplicationScoped
public class PublicModels {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Registers a public model.
   *
   * @param name unique, e.g. {@code flexmix-tiny-public}
   * @param digest the model's identity (SHA-256 over its files, as {@code flexmoe inspect} prints)
   * @param config its HF {@code config.json}, from which an expert's tensor shapes follow
   * @throws MalformedRequestException when a field is missing or malformed
   * @throws ConflictException when the name or the digest is registered already
   */
  @Transactional
  public PublicModel register(String name, String digest, JsonNode config, String actor) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new MalformedRequestException(
          "invalid-name", "name", "name must be 1-128 letters, digits, '.', '_' or '-'");
    }
    if (digest == null || !SHA256.matcher(digest).matches()) {
      throw new MalformedRequestException(
          "invalid-digest", "digest", "digest must be a SHA-256 (64 lowercase hex digits)");
    }
    if (config == null) {
      throw new MalformedRequestException("missing-field", "config", "config is required");
    }
    FlexOlmoConfig shape;
    try {
      shape = FlexOlmoConfig.fromJson(config);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("invalid-config", "config", e.getMessage());
    }
    if (PublicModel.count("name = ?1 or digest = ?2", name, digest) > 0) {
      throw new ConflictException(
          "already-registered",
          "digest",
          "a public model with this name or digest is registered already");
    }
    PublicModel model = new PublicModel();
    model.id = UUID.randomUUID();
    model.name = name;
    model.digest = digest;
    model.config = config.toString();
    model.hiddenSize = shape.hiddenSize();
    model.intermediateSize = shape.intermediateSize();
    model.numLayers = shape.numHiddenLayers();
    model.registeredBy = actor;
    model.registeredAt = Instant.now();
    model.persist();
    return model;
  }

  /** Every registered public model, oldest first. */
  public List<PublicModel> all() {
    return PublicModel.listAll(Sort.by("registeredAt"));
  }
}
