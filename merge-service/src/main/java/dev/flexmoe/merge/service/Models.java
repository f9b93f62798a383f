package dev.flexmoe.merge.service;

import dev.flexmoe.merge.domain.ModelVersion;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** What the merge service has made: the models and their versions. */
@ApplicationScoped
public class Models {

  @Transactional
  public List<ModelSummary> all() {
    return ModelVersion.modelNames().stream().map(this::summary).toList();
  }

  @Transactional
  public VersionPage versions(String modelName, int page, int size) {
    requireKnown(modelName);
    var query =
        ModelVersion.<ModelVersion>find(
            "modelName = :name", Sort.descending("number"), Parameters.with("name", modelName));
    return new VersionPage(query.page(Page.of(page, size)).list(), page, size, query.count());
  }

  private ModelSummary summary(String modelName) {
    ModelVersion latest = requireKnown(modelName);
    return new ModelSummary(
        modelName,
        latest.publicDigest,
        latest.number,
        ModelVersion.served(modelName).map(served -> served.number).orElse(0L));
  }

  private static ModelVersion requireKnown(String modelName) {
    return ModelVersion.latest(modelName)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "model-not-found", null, "no model named " + modelName + " has a version"));
  }
}
