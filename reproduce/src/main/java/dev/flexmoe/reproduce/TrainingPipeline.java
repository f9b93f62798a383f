package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.StepRunner.inputs;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.ModelSoups.Mix;
import dev.flexmoe.model.train.DenseDomainTraining.Parameters;
import dev.flexmoe.model.train.HashedTfIdfEmbedder;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.RouterInit;
import dev.flexmoe.model.train.TextEmbedder;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.MergeModels;
import dev.flexmoe.model.workflow.TrainDenseModel;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import dev.flexmoe.model.workflow.TuneRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training half of the reproduction: capped validation text, tokenizer, public model, one
 * expert and two dense models (all parameters; FFN only) per domain (each step reads only its own
 * domain's data), the FlexOlmo merges, router tuning and the {@link Baselines}. Each step is
 * cached; its inputs are the keys of the steps it builds on, its settings and the digests of the
 * data it reads.
 */
final class TrainingPipeline {

  /** Seed of the first domain's expert and dense training; the next domains count up from it. */
  private static final int FIRST_DOMAIN_SEED = 10;

  /** OLMo-core's initialization of router weights. */
  private static final double RANDOM_ROUTER_STD = 0.002;

  private final Scale scale;
  private final FlexMixData data;
  private final StepRunner steps;

  TrainingPipeline(Scale scale, FlexMixData data, StepRunner steps) {
    this.scale = scale;
    this.data = data;
    this.steps = steps;
  }

  TrainedSystems run() {
    StepCache.Step validation = cappedValidation();
    StepCache.Step tokenizer = tokenizer();
    StepCache.Step publicModel = publicModel(tokenizer);
    Map<String, StepCache.Step> experts = new LinkedHashMap<>();
    Map<String, StepCache.Step> dense = new LinkedHashMap<>();
    Map<String, StepCache.Step> denseFfn = new LinkedHashMap<>();
    int seed = FIRST_DOMAIN_SEED;
    for (String domain : FlexMixData.EXPERT_DOMAINS) {
      experts.put(domain, expert(publicModel, domain, scale.expertTraining(seed)));
      TrainingSettings denseSettings = scale.denseTraining(seed);
      dense.put(domain, denseModel(publicModel, domain, denseSettings, Parameters.ALL));
      denseFfn.put(domain, denseModel(publicModel, domain, denseSettings, Parameters.FFN));
      seed++;
    }
    int k = scale.topK();
    StepCache.Step flexOlmo = merge("merge-flexolmo", "flexolmo-", publicModel, experts, k, false);
    StepCache.Step flexOlmoBias =
        merge("merge-flexolmo-bias", "flexolmo-bias-", publicModel, experts, k, true);
    Map<String, StepCache.Step> fourExperts = FourExperts.of(experts);
    StepCache.Step flexOlmoFour =
        merge(
            "merge-flexolmo-four",
            "flexolmo-four-",
            publicModel,
            fourExperts,
            FourExperts.TOP_K,
            false);
    // The router-init ablation: every expert trained again from another router row, then merged.
    Map<String, StepCache.Step> routerInits = new LinkedHashMap<>();
    for (RouterInit init : ablatedRouterInits()) {
      Map<String, StepCache.Step> variant = new LinkedHashMap<>();
      int variantSeed = FIRST_DOMAIN_SEED;
      for (String domain : FlexMixData.EXPERT_DOMAINS) {
        variant.put(domain, expert(publicModel, domain, scale.expertTraining(variantSeed++), init));
      }
      String name = "flexolmo-" + init.name();
      routerInits.put(
          init.name(), merge("merge-" + name, name + "-", publicModel, variant, k, false));
    }
    StepCache.Step embeddings =
        steps.run(
            "domain-embeddings",
            inputs(List.of(publicModel.key()), data.trainDigests()),
            (out, ck) -> DomainEmbeddings.compute(publicModel.out(), data, out));
    StepCache.Step routerTuned = routerTuned(flexOlmo, proxy());
    Baselines baselines = new Baselines(scale, data, steps, publicModel, embeddings);
    // the FFN-only dense models: the all-parameter ones have attention of their own
    StepCache.Step noCoordination = baselines.noCoordination(denseFfn);
    StepCache.Step soup = baselines.uniformSoup("soup-uniform", dense, Mix.ALL_TENSORS);
    StepCache.Step soupFfn = baselines.uniformSoup("soup-uniform-ffn", denseFfn, Mix.FFN);
    StepCache.Step soupFour =
        baselines.uniformSoup("soup-uniform-four", FourExperts.of(dense), Mix.ALL_TENSORS);
    StepCache.Step unrestricted = baselines.unrestrictedMoe();
    return new TrainedSystems(
        validation,
        tokenizer,
        publicModel,
        experts,
        dense,
        denseFfn,
        flexOlmo,
        flexOlmoBias,
        routerInits,
        routerTuned,
        noCoordination,
        soup,
        soupFfn,
        unrestricted,
        flexOlmoFour,
        soupFour);
  }

  /** Each domain's validation passages, up to the scale's cap. */
  private StepCache.Step cappedValidation() {
    return steps.run(
        "validation",
        inputs(
            List.of("cap=" + scale.validationBytes(), "passage=" + scale.passageBytes()),
            data.validationDigests()),
        (out, ck) -> {
          for (String domain : FlexMixData.DOMAINS) {
            FlexMixData.writeCappedValidation(
                data.validation(domain),
                scale.validationBytes(),
                scale.passageBytes(),
                out.resolve(domain + ".jsonl"));
          }
        });
  }

  /** The tokenizer, trained on the public corpus alone. */
  private StepCache.Step tokenizer() {
    return steps.run(
        "tokenizer",
        List.of("vocab=" + scale.vocabSize(), data.digest(data.train("public"))),
        (out, ck) -> {
          Files.createDirectories(out);
          TrainTokenizer.run(
              data.train("public"), scale.vocabSize(), out.resolve("tokenizer.json"));
        });
  }

  private StepCache.Step publicModel(StepCache.Step tokenizer) {
    return steps.run(
        "public",
        List.of(
            tokenizer.key(),
            scale.preset(),
            scale.publicTraining().toString(),
            data.digest(data.train("public"))),
        (out, ck) ->
            TrainPublicModel.run(
                data.train("public"),
                tokenizer.out().resolve("tokenizer.json"),
                scale.preset(),
                scale.publicTraining(),
                1,
                out,
                ck,
                steps.progress("public")));
  }

  /** The domain's FlexOlmo expert, trained by its owner against the public model. */
  private StepCache.Step expert(
      StepCache.Step publicModel, String domain, TrainingSettings settings) {
    String owner = "owner-" + domain;
    DomainTraining training =
        (corpus, out, ck, progress) ->
            TrainExpert.run(
                publicModel.out(), corpus, null, domain, owner, settings, out, ck, progress);
    return onDomain("expert", domain, publicModel, settings, List.of(), training);
  }

  /** The domain's expert with its router row started from {@code init}. */
  private StepCache.Step expert(
      StepCache.Step publicModel, String domain, TrainingSettings settings, RouterInit init) {
    String owner = "owner-" + domain;
    DomainTraining training =
        (corpus, out, ck, progress) ->
            TrainExpert.run(
                publicModel.out(), corpus, null, domain, owner, settings, init, out, ck, progress);
    return onDomain(
        "expert-" + init.name(), domain, publicModel, settings, List.of(init.name()), training);
  }

  /**
   * The router initializations compared with flexmoe's own (the public model's mean hidden state of
   * the domain): random rows as OLMo-core draws them; the mean of an external document encoder
   * (hashed character n-gram TF-IDF, its IDF fitted on the public corpus that every owner has,
   * projected to the hidden size), which knows nothing of the public model; and the domain's
   * embedding minus the public row.
   */
  private List<RouterInit> ablatedRouterInits() {
    int hidden = FlexOlmoConfig.preset(scale.preset(), scale.vocabSize()).hiddenSize();
    return List.of(
        new RouterInit.RandomRow(RANDOM_ROUTER_STD),
        new RouterInit.External(new LazyTfIdf(hidden), "tfidf"),
        new RouterInit.RelativeToPublic());
  }

  /** The TF-IDF encoder, fitted on the public corpus when a step first needs it. */
  private final class LazyTfIdf implements TextEmbedder {
    private final int dimensions;
    private HashedTfIdfEmbedder fitted;

    LazyTfIdf(int dimensions) {
      this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
      return dimensions;
    }

    @Override
    public synchronized float[] embed(String text) {
      if (fitted == null) {
        fitted = HashedTfIdfEmbedder.fit(Corpus.read(data.train("public")), dimensions, 1);
      }
      return fitted.embed(text);
    }
  }

  /** The public model continued on the domain ({@code parameters}): a baselines' ingredient. */
  private StepCache.Step denseModel(
      StepCache.Step publicModel, String domain, TrainingSettings settings, Parameters parameters) {
    DomainTraining training =
        (corpus, out, ck, progress) ->
            TrainDenseModel.run(publicModel.out(), corpus, parameters, settings, out, ck, progress);
    // the FFN-only models keep the step name they always had
    return parameters == Parameters.FFN
        ? onDomain("dense", domain, publicModel, settings, List.of(), training)
        : onDomain("dense-all", domain, publicModel, settings, List.of("all"), training);
  }

  /**
   * The router-tuning data: for each domain the public passages its owner's classifier (trained on
   * the owner's text against the public corpus) finds most like the domain, and as many random
   * public passages.
   */
  private StepCache.Step proxy() {
    int hidden = FlexOlmoConfig.preset(scale.preset(), scale.vocabSize()).hiddenSize();
    Map<String, Path> domains = new LinkedHashMap<>();
    FlexMixData.EXPERT_DOMAINS.forEach(domain -> domains.put(domain, data.train(domain)));
    return steps.run(
        "proxy",
        inputs(
            List.of("n=" + scale.proxyPassages(), "passage=" + scale.passageBytes(), "d=" + hidden),
            data.trainDigests()),
        (out, ck) -> {
          ProxySelection.Summary chosen =
              ProxySelection.write(
                  data.train("public"),
                  domains,
                  hidden,
                  scale.proxyPassages(),
                  scale.passageBytes(),
                  out);
          steps.log(
              String.format(
                  Locale.ROOT,
                  "proxy set: %d passages, %d of %d public bytes (%.1f%%)",
                  chosen.passages(),
                  chosen.bytes(),
                  chosen.publicBytes(),
                  100 * chosen.fraction()));
        });
  }

  private StepCache.Step routerTuned(StepCache.Step flexOlmo, StepCache.Step proxy) {
    return steps.run(
        "router-tuned",
        List.of(flexOlmo.key(), proxy.key(), scale.routerTuning().toString()),
        (out, ck) ->
            TuneRouter.run(
                flexOlmo.out(),
                proxy.out().resolve("proxy.jsonl"),
                scale.routerTuning(),
                out,
                ck,
                steps.progress("router tuning")));
  }

  /** A training on one domain's data, against the public model. */
  interface DomainTraining {
    void run(Path corpus, Path out, Path checkpoints, Consumer<Progress> progress) throws Exception;
  }

  /** The step {@code <what>-<domain>}: a training on that domain's data alone. */
  private StepCache.Step onDomain(
      String what,
      String domain,
      StepCache.Step publicModel,
      TrainingSettings settings,
      List<String> variant,
      DomainTraining training) {
    Path corpus = data.train(domain);
    List<String> inputs = new ArrayList<>(List.of(settings.toString()));
    inputs.addAll(variant);
    return steps.run(
        what + "-" + domain,
        inputs(List.of(publicModel.key(), data.digest(corpus)), inputs),
        (out, ck) -> training.run(corpus, out, ck, steps.progress(what + " " + domain)));
  }

  /** The FlexOlmo merge of {@code experts} onto the public model, top-k, biases kept or dropped. */
  private StepCache.Step merge(
      String step,
      String modelName,
      StepCache.Step publicModel,
      Map<String, StepCache.Step> experts,
      int k,
      boolean keepBias) {
    List<String> expertKeys = experts.values().stream().map(StepCache.Step::key).toList();
    List<Path> expertDirs = experts.values().stream().map(StepCache.Step::out).toList();
    return steps.run(
        step,
        inputs(List.of(publicModel.key(), "k=" + k), expertKeys),
        (out, ck) ->
            MergeModels.run(
                publicModel.out(), expertDirs, modelName + scale.name(), 1, k, keepBias, out));
  }
}
