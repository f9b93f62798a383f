package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.StepRunner.inputs;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.DenseExperts;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.artifact.ModelSoups;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.train.UnrestrictedMoeTraining;
import dev.flexmoe.model.workflow.TrainUnrestrictedMoe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of the baselines FlexOlmo is compared with that are models of their own: the uniform
 * soup of the dense models, the dense models merged as experts without coordination, and the
 * unrestricted MoE trained jointly on all data. None is built from expert artifacts, so none is
 * written with a model-version manifest (whose entries identify expert artifacts by digest).
 */
final class Baselines {

  /** Seed of the unrestricted MoE's data order. */
  private static final long UNRESTRICTED_SEED = 4;

  private final Scale scale;
  private final FlexMixData data;
  private final StepRunner steps;
  private final StepCache.Step publicModel;
  private final StepCache.Step embeddings;

  /**
   * @param embeddings the step that wrote each closed domain's embedding ({@link DomainEmbeddings})
   */
  Baselines(
      Scale scale,
      FlexMixData data,
      StepRunner steps,
      StepCache.Step publicModel,
      StepCache.Step embeddings) {
    this.scale = scale;
    this.data = data;
    this.steps = steps;
    this.publicModel = publicModel;
    this.embeddings = embeddings;
  }

  /**
   * The dense domain models' FFNs merged as experts onto the public model, each with its domain's
   * embedding as router row: merging without the shared public anchor of FlexOlmo's training.
   */
  StepCache.Step noCoordination(Map<String, StepCache.Step> dense) {
    return steps.run(
        "no-coordination",
        inputs(List.of(publicModel.key(), embeddings.key(), "k=" + scale.topK()), keys(dense)),
        (out, ck) -> {
          Map<String, float[]> rows = DomainEmbeddings.read(embeddings.out());
          try (NDManager manager = NDManager.newBaseManager()) {
            ModelWeights publicWeights = HfCheckpoint.read(publicModel.out(), manager);
            List<ExpertWeights> experts = new ArrayList<>();
            for (var model : dense.entrySet()) {
              experts.add(
                  DenseExperts.fromDenseModel(
                      HfCheckpoint.read(model.getValue().out(), manager),
                      rows.get(model.getKey()),
                      manager));
            }
            ModelWeights merged =
                Merger.merge(
                    publicWeights,
                    experts,
                    List.copyOf(dense.keySet()),
                    scale.topK(),
                    false,
                    manager);
            HfCheckpoint.write(merged, tokenizer(), out);
          }
        });
  }

  /**
   * The step {@code step}: the uniform soup of the public model and {@code dense}, mixing the
   * tensors the dense models were trained on ({@code mix}).
   */
  StepCache.Step uniformSoup(String step, Map<String, StepCache.Step> dense, ModelSoups.Mix mix) {
    return steps.run(
        step,
        inputs(List.of(publicModel.key(), mix.name()), keys(dense)),
        (out, ck) -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            ModelWeights soup = HfCheckpoint.read(publicModel.out(), manager);
            List<float[][]> ingredients = new ArrayList<>();
            ingredients.add(ModelSoups.ingredient(soup, mix));
            for (StepCache.Step model : dense.values()) {
              ingredients.add(ModelSoups.ingredient(HfCheckpoint.read(model.out(), manager), mix));
            }
            ModelSoups.setAverage(soup, ingredients, mix);
            HfCheckpoint.write(soup, tokenizer(), out);
          }
        });
  }

  /**
   * The public model upcycled to one expert per closed domain (router rows from the domain
   * embeddings) and trained jointly on every domain's data, for as many FLOPs as the experts'
   * separate trainings took together: what pooling the data would buy.
   */
  StepCache.Step unrestrictedMoe() {
    return steps.run(
        "unrestricted-moe",
        inputs(
            List.of(
                publicModel.key(),
                embeddings.key(),
                "k=" + scale.topK(),
                scale.expertTraining(0).toString()),
            data.trainDigests()),
        (out, ck) -> {
          Map<String, float[]> rows = DomainEmbeddings.read(embeddings.out());
          int experts = rows.size();
          int trainingSteps =
              UnrestrictedMoeTraining.flopMatchedSteps(
                  HfCheckpoint.config(publicModel.out()),
                  experts,
                  scale.topK(),
                  scale.expertSteps());
          TrainingSettings settings =
              scale.settings(trainingSteps, scale.expertLearningRate(), UNRESTRICTED_SEED);
          steps.log(
              String.format(
                  Locale.ROOT,
                  "unrestricted MoE: %d steps (FLOPs of %d expert runs)",
                  trainingSteps,
                  experts));
          TrainUnrestrictedMoe.run(
              publicModel.out(),
              List.copyOf(rows.keySet()),
              List.copyOf(rows.values()),
              FlexMixData.DOMAINS.stream().map(data::train).toList(),
              scale.topK(),
              settings,
              out,
              ck,
              steps.progress("unrestricted MoE"));
        });
  }

  private Path tokenizer() {
    return publicModel.out().resolve(HfCheckpoint.TOKENIZER);
  }

  private static List<String> keys(Map<String, StepCache.Step> steps) {
    return steps.values().stream().map(StepCache.Step::key).toList();
  }
}
