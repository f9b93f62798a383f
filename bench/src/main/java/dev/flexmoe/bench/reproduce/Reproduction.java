package dev.flexmoe.bench.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.bench.TrainingFlops;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.eval.RoutingShares;
import dev.flexmoe.model.eval.TokenLogProbs;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.RoutingTrace;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.DomainEmbedding;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.Trainable;
import dev.flexmoe.model.train.TrainingRun;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.MergeModels;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import dev.flexmoe.model.workflow.TrainDenseModel;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import dev.flexmoe.model.workflow.TuneRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The reproduction pipeline: tokenizer → public model → one expert per domain (each step sees only
 * its own domain's data) → dense domain models → merges and baselines → evaluation of every system
 * on every domain. Steps are content-addressed ({@link StepCache}): rerun, it reuses what is done.
 */
public final class Reproduction {

  /** Row labels of the comparison table. */
  static final String PUBLIC = "public model";

  static final String SOUP_UNIFORM = "model soup (uniform)";
  static final String SOUP_WEIGHTED = "model soup (likelihood-weighted)";
  static final String BTM = "BTM (top-2)";
  static final String CLASSIFIER = "classifier routing";
  static final String NO_COORDINATION = "no coordination";
  static final String FLEXOLMO = "FlexOlmo (bias dropped)";
  static final String FLEXOLMO_BIAS = "FlexOlmo (bias kept)";
  static final String FLEXOLMO_RT = "FlexOlmo + router tuning";
  static final String UNRESTRICTED = "unrestricted MoE";

  /** What a reproduction produced. */
  public record Outcome(
      ComparisonTable table,
      OptOutTable optOut,
      TopKTable topK,
      RoutingTable routing,
      List<StepCache.Step> steps) {}

  private final Scale scale;
  private final FlexMixData data;
  private final StepCache cache;
  private final Consumer<String> log;
  private Map<String, List<EncodedDocument>> validation;
  private int startToken;

  public Reproduction(Scale scale, Path data, Path work, Consumer<String> log) {
    this.scale = scale;
    this.data = new FlexMixData(data);
    this.cache = new StepCache(work);
    this.log = log;
  }

  public Outcome run() {
    StepCache.Step capped =
        step(
            "validation",
            inputs(List.of("cap=" + scale.validationBytes()), validationDigests()),
            (out, ck) -> {
              for (String domain : FlexMixData.DOMAINS) {
                FlexMixData.writeCappedValidation(
                    data.validation(domain),
                    scale.validationBytes(),
                    out.resolve(domain + ".jsonl"));
              }
            });
    StepCache.Step tokenizer =
        step(
            "tokenizer",
            List.of("vocab=" + scale.vocabSize(), data.digest(data.train("public"))),
            (out, ck) -> {
              Files.createDirectories(out);
              TrainTokenizer.run(
                  data.train("public"), scale.vocabSize(), out.resolve("tokenizer.json"));
            });
    StepCache.Step publicModel =
        step(
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
                    progress("public")));
    Map<String, StepCache.Step> experts = new LinkedHashMap<>();
    Map<String, StepCache.Step> dense = new LinkedHashMap<>();
    int seed = 10;
    for (String domain : FlexMixData.EXPERT_DOMAINS) {
      TrainingSettings expertSettings = scale.expertTraining(seed);
      TrainingSettings denseSettings = scale.denseTraining(seed);
      seed++;
      Path corpus = data.train(domain);
      List<String> common = List.of(publicModel.key(), data.digest(corpus));
      experts.put(
          domain,
          step(
              "expert-" + domain,
              inputs(common, List.of(expertSettings.toString())),
              (out, ck) ->
                  TrainExpert.run(
                      publicModel.out(),
                      corpus,
                      null,
                      domain,
                      "owner-" + domain,
                      expertSettings,
                      out,
                      ck,
                      progress("expert " + domain))));
      dense.put(
          domain,
          step(
              "dense-" + domain,
              inputs(common, List.of(denseSettings.toString())),
              (out, ck) ->
                  TrainDenseModel.run(
                      publicModel.out(),
                      corpus,
                      denseSettings,
                      out,
                      ck,
                      progress("dense " + domain))));
    }
    List<String> expertKeys = experts.values().stream().map(StepCache.Step::key).toList();
    List<String> denseKeys = dense.values().stream().map(StepCache.Step::key).toList();
    List<Path> expertDirs = experts.values().stream().map(StepCache.Step::out).toList();
    StepCache.Step flexOlmo =
        step(
            "merge-flexolmo",
            inputs(List.of(publicModel.key(), "k=" + scale.topK()), expertKeys),
            (out, ck) ->
                MergeModels.run(
                    publicModel.out(),
                    expertDirs,
                    "flexolmo-" + scale.name(),
                    1,
                    scale.topK(),
                    false,
                    out));
    StepCache.Step flexOlmoBias =
        step(
            "merge-flexolmo-bias",
            inputs(List.of(publicModel.key(), "k=" + scale.topK()), expertKeys),
            (out, ck) ->
                MergeModels.run(
                    publicModel.out(),
                    expertDirs,
                    "flexolmo-bias-" + scale.name(),
                    1,
                    scale.topK(),
                    true,
                    out));
    StepCache.Step embeddings =
        step(
            "domain-embeddings",
            inputs(List.of(publicModel.key()), trainDigests()),
            (out, ck) -> writeDomainEmbeddings(publicModel.out(), out));
    StepCache.Step proxy =
        step(
            "proxy",
            List.of(publicModel.key(), embeddings.key(), "n=" + scale.proxyDocuments()),
            (out, ck) ->
                ProxySelection.write(
                    publicModel.out(),
                    data.train("public"),
                    DomainEmbeddings.read(embeddings.out()),
                    scale.proxyDocuments(),
                    out));
    StepCache.Step routerTuned =
        step(
            "router-tuned",
            List.of(flexOlmo.key(), proxy.key(), scale.routerTuning().toString()),
            (out, ck) ->
                TuneRouter.run(
                    flexOlmo.out(),
                    proxy.out().resolve("proxy.jsonl"),
                    scale.routerTuning(),
                    out,
                    ck,
                    progress("router tuning")));
    StepCache.Step noCoordination =
        step(
            "no-coordination",
            inputs(List.of(publicModel.key(), embeddings.key(), "k=" + scale.topK()), denseKeys),
            (out, ck) ->
                writeNoCoordination(
                    publicModel.out(), dense, DomainEmbeddings.read(embeddings.out()), out));
    StepCache.Step soup =
        step(
            "soup-uniform",
            inputs(List.of(publicModel.key()), denseKeys),
            (out, ck) -> writeUniformSoup(publicModel.out(), dense, out));
    StepCache.Step unrestricted =
        step(
            "unrestricted-moe",
            inputs(
                List.of(
                    publicModel.key(),
                    embeddings.key(),
                    "k=" + scale.topK(),
                    scale.expertTraining(0).toString()),
                trainDigests()),
            (out, ck) ->
                trainUnrestricted(
                    publicModel.out(), DomainEmbeddings.read(embeddings.out()), out, ck));

    loadValidation(capped.out(), tokenizer.out().resolve("tokenizer.json"));
    return evaluate(
        capped,
        publicModel,
        experts,
        dense,
        flexOlmo,
        flexOlmoBias,
        routerTuned,
        noCoordination,
        soup,
        unrestricted);
  }

  // ---------------------------------------------------------------- evaluation

  private Outcome evaluate(
      StepCache.Step capped,
      StepCache.Step publicModel,
      Map<String, StepCache.Step> experts,
      Map<String, StepCache.Step> dense,
      StepCache.Step flexOlmo,
      StepCache.Step flexOlmoBias,
      StepCache.Step routerTuned,
      StepCache.Step noCoordination,
      StepCache.Step soup,
      StepCache.Step unrestricted) {
    List<String> domains = FlexMixData.DOMAINS;
    List<ScoreRow> rows = new ArrayList<>();
    Map<String, List<float[]>> publicScores =
        logProbs(capped, "public", publicModel, Forward.defaults());
    rows.add(row(PUBLIC, publicScores));
    for (var expert : experts.entrySet()) {
      // The expert's own model: public + this expert, with the bias it was trained with.
      StepCache.Step single =
          step(
              "single-" + expert.getKey(),
              List.of(publicModel.key(), expert.getValue().key()),
              (out, ck) ->
                  MergeModels.run(
                      publicModel.out(),
                      List.of(expert.getValue().out()),
                      "expert-" + expert.getKey(),
                      1,
                      2,
                      true,
                      out));
      rows.add(
          row(
              "expert: " + expert.getKey(),
              logProbs(capped, "single-" + expert.getKey(), single, Forward.defaults())));
    }
    // Candidates of the per-document baselines: the public model and the dense domain models.
    List<Map<String, List<float[]>>> candidates = new ArrayList<>();
    candidates.add(publicScores);
    for (var model : dense.entrySet()) {
      candidates.add(
          logProbs(capped, "dense-" + model.getKey(), model.getValue(), Forward.defaults()));
    }
    rows.add(row(SOUP_UNIFORM, logProbs(capped, "soup-uniform", soup, Forward.defaults())));
    rows.add(weightedSoup(capped, publicModel, dense, candidates));
    rows.add(perDocument(BTM, candidates, Ensembles::btmTopTwo));
    rows.add(
        perDocument(
            CLASSIFIER,
            candidates,
            documentCandidates ->
                documentCandidates.get(
                    Ensembles.best(Ensembles.prefixLogLikelihoods(documentCandidates)))));
    rows.add(
        row(
            NO_COORDINATION,
            logProbs(capped, "no-coordination", noCoordination, Forward.defaults())));
    Map<String, List<float[]>> flexScores =
        logProbs(capped, "flexolmo", flexOlmo, Forward.defaults().withRouterBias(false));
    ScoreRow full = row(FLEXOLMO, flexScores);
    rows.add(full);
    rows.add(
        row(FLEXOLMO_BIAS, logProbs(capped, "flexolmo-bias", flexOlmoBias, Forward.defaults())));
    rows.add(row(FLEXOLMO_RT, logProbs(capped, "router-tuned", routerTuned, Forward.defaults())));
    rows.add(row(UNRESTRICTED, logProbs(capped, "unrestricted", unrestricted, Forward.defaults())));
    ComparisonTable table = new ComparisonTable(domains, rows, PUBLIC);

    List<ScoreRow> without = new ArrayList<>();
    int experts0 = FlexMixData.EXPERT_DOMAINS.size() + 1;
    for (int j = 1; j < experts0; j++) {
      String domain = FlexMixData.EXPERT_DOMAINS.get(j - 1);
      Forward masked =
          Forward.defaults()
              .withRouterBias(false)
              .withMask(ExpertMask.excluding(experts0, List.of(j)));
      without.add(row(domain, logProbs(capped, "flexolmo-without-" + domain, flexOlmo, masked)));
    }
    List<Integer> ks = new ArrayList<>();
    List<ScoreRow> kRows = new ArrayList<>();
    for (int k = 1; k <= experts0; k++) {
      ks.add(k);
      kRows.add(
          k == scale.topK()
              ? new ScoreRow("k = " + k, full.bitsPerByte())
              : row(
                  "k = " + k,
                  logProbs(
                      capped,
                      "flexolmo-k" + k,
                      flexOlmo,
                      Forward.defaults().withRouterBias(false).withTopK(k))));
    }
    RoutingTable routing = routing(flexOlmo);
    return new Outcome(
        table,
        new OptOutTable(domains, full, without),
        new TopKTable(domains, ks, kRows),
        routing,
        cache.steps());
  }

  private ScoreRow row(String system, Map<String, List<float[]>> logProbs) {
    Map<String, Double> bits = new LinkedHashMap<>();
    for (String domain : FlexMixData.DOMAINS) {
      bits.put(domain, BitsPerByte.of(validation.get(domain), logProbs.get(domain)).bitsPerByte());
    }
    return new ScoreRow(system, bits);
  }

  private ScoreRow perDocument(
      String system,
      List<Map<String, List<float[]>>> candidates,
      java.util.function.Function<List<float[]>, float[]> choose) {
    Map<String, List<float[]>> mixed = new LinkedHashMap<>();
    for (String domain : FlexMixData.DOMAINS) {
      List<float[]> documents = new ArrayList<>();
      for (int d = 0; d < validation.get(domain).size(); d++) {
        List<float[]> options = new ArrayList<>();
        for (Map<String, List<float[]>> candidate : candidates) {
          options.add(candidate.get(domain).get(d));
        }
        documents.add(choose.apply(options));
      }
      mixed.put(domain, documents);
    }
    return row(system, mixed);
  }

  /** Per document, the soup weighted by each candidate's likelihood of the document's prefix. */
  private ScoreRow weightedSoup(
      StepCache.Step capped,
      StepCache.Step publicModel,
      Map<String, StepCache.Step> dense,
      List<Map<String, List<float[]>>> candidates) {
    List<String> keys = new ArrayList<>(List.of(capped.key(), publicModel.key()));
    dense.values().forEach(step -> keys.add(step.key()));
    StepCache.Step scores =
        step(
            "eval-soup-weighted",
            keys,
            (out, ck) -> {
              Files.createDirectories(out);
              try (NDManager manager = NDManager.newBaseManager()) {
                ModelWeights soup = HfCheckpoint.read(publicModel.out(), manager);
                List<float[][]> ffns = new ArrayList<>();
                ffns.add(ModelSurgery.ffn(soup));
                for (StepCache.Step model : dense.values()) {
                  try (NDManager loading = manager.newSubManager()) {
                    ffns.add(ModelSurgery.ffn(HfCheckpoint.read(model.out(), loading)));
                  }
                }
                FlexOlmoModel net = new FlexOlmoModel(soup);
                for (String domain : FlexMixData.DOMAINS) {
                  List<float[]> documents = new ArrayList<>();
                  for (int d = 0; d < validation.get(domain).size(); d++) {
                    List<float[]> options = new ArrayList<>();
                    for (Map<String, List<float[]>> candidate : candidates) {
                      options.add(candidate.get(domain).get(d));
                    }
                    ModelSurgery.setWeightedFfn(
                        soup, ffns, Ensembles.softmax(Ensembles.prefixLogLikelihoods(options)));
                    documents.add(
                        TokenLogProbs.of(
                                net,
                                List.of(validation.get(domain).get(d)),
                                startToken,
                                Forward.defaults())
                            .get(0));
                  }
                  TokenLogProbFiles.write(documents, out.resolve(domain + ".bin"));
                }
              }
            });
    return row(SOUP_WEIGHTED, readScores(scores.out()));
  }

  /** A system's per-token log-probabilities on every domain, scored once and cached. */
  private Map<String, List<float[]>> logProbs(
      StepCache.Step capped, String name, StepCache.Step model, Forward forward) {
    StepCache.Step scores =
        step(
            "eval-" + name,
            List.of(capped.key(), model.key(), forward.toString()),
            (out, ck) -> {
              Files.createDirectories(out);
              try (NDManager manager = NDManager.newBaseManager()) {
                FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(model.out(), manager));
                for (String domain : FlexMixData.DOMAINS) {
                  TokenLogProbFiles.write(
                      TokenLogProbs.of(net, validation.get(domain), startToken, forward),
                      out.resolve(domain + ".bin"));
                }
              }
            });
    return readScores(scores.out());
  }

  private static Map<String, List<float[]>> readScores(Path dir) {
    Map<String, List<float[]>> scores = new LinkedHashMap<>();
    for (String domain : FlexMixData.DOMAINS) {
      scores.put(domain, TokenLogProbFiles.read(dir.resolve(domain + ".bin")));
    }
    return scores;
  }

  private RoutingTable routing(StepCache.Step flexOlmo) {
    List<String> experts = new ArrayList<>(List.of("public"));
    experts.addAll(FlexMixData.EXPERT_DOMAINS);
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(flexOlmo.out(), manager));
      double[][][] share = new double[FlexMixData.DOMAINS.size()][][];
      for (int d = 0; d < FlexMixData.DOMAINS.size(); d++) {
        RoutingTrace trace =
            RoutingShares.measure(
                net,
                validation.get(FlexMixData.DOMAINS.get(d)),
                Forward.defaults().withRouterBias(false));
        share[d] = new double[trace.layers()][trace.experts()];
        for (int layer = 0; layer < trace.layers(); layer++) {
          for (int expert = 0; expert < trace.experts(); expert++) {
            share[d][layer][expert] = trace.share(layer, expert);
          }
        }
      }
      return new RoutingTable(FlexMixData.DOMAINS, experts, share);
    }
  }

  private void loadValidation(Path capped, Path tokenizerJson) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerJson)) {
      validation = new LinkedHashMap<>();
      for (String domain : FlexMixData.DOMAINS) {
        validation.put(
            domain,
            TokenizedCorpus.of(Corpus.read(capped.resolve(domain + ".jsonl")), tokenizer)
                .documents());
      }
      startToken = (int) tokenizer.eosId();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + tokenizerJson, e);
    }
  }

  // ---------------------------------------------------------------- baselines

  private void writeDomainEmbeddings(Path publicModel, Path out) throws IOException {
    Files.createDirectories(out);
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER))) {
      FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(publicModel, manager));
      Map<String, float[]> embeddings = new LinkedHashMap<>();
      for (String domain : FlexMixData.EXPERT_DOMAINS) {
        TokenizedCorpus corpus = TokenizedCorpus.of(Corpus.read(data.train(domain)), tokenizer);
        embeddings.put(domain, DomainEmbedding.compute(net, corpus.tokenLists(), 7));
      }
      DomainEmbeddings.write(embeddings, out);
    }
  }

  private void writeNoCoordination(
      Path publicModel,
      Map<String, StepCache.Step> dense,
      Map<String, float[]> embeddings,
      Path out) {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, manager);
      List<ExpertWeights> experts = new ArrayList<>();
      for (var model : dense.entrySet()) {
        experts.add(
            ModelSurgery.expertFromDense(
                HfCheckpoint.read(model.getValue().out(), manager),
                embeddings.get(model.getKey()),
                manager));
      }
      List<String> names = new ArrayList<>(dense.keySet());
      ModelWeights merged =
          Merger.merge(publicWeights, experts, names, scale.topK(), false, manager);
      HfCheckpoint.write(
          merged,
          publicModel.resolve(HfCheckpoint.TOKENIZER),
          manifest("no-coordination", publicModel, names),
          out);
    }
  }

  private void writeUniformSoup(Path publicModel, Map<String, StepCache.Step> dense, Path out) {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights soup = HfCheckpoint.read(publicModel, manager);
      List<float[][]> ffns = new ArrayList<>();
      ffns.add(ModelSurgery.ffn(soup));
      for (StepCache.Step model : dense.values()) {
        ffns.add(ModelSurgery.ffn(HfCheckpoint.read(model.out(), manager)));
      }
      double[] uniform = new double[ffns.size()];
      java.util.Arrays.fill(uniform, 1.0 / ffns.size());
      ModelSurgery.setWeightedFfn(soup, ffns, uniform);
      HfCheckpoint.write(soup, publicModel.resolve(HfCheckpoint.TOKENIZER), out);
    }
  }

  /**
   * The unrestricted MoE: the public model upcycled to all experts (copies of the public FFN,
   * router rows from the domain embeddings), every expert and router row trained jointly on all
   * domains' data, for as many FLOPs as the experts' separate trainings took together.
   */
  private void trainUnrestricted(
      Path publicModel, Map<String, float[]> embeddings, Path out, Path checkpoints)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER))) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, manager);
      List<String> names = new ArrayList<>(embeddings.keySet());
      List<ExpertWeights> copies =
          ModelSurgery.upcycledExperts(
              publicWeights, new ArrayList<>(embeddings.values()), manager);
      ModelWeights moe = Merger.merge(publicWeights, copies, names, scale.topK(), false, manager);
      FlexOlmoConfig config = moe.config();
      List<Trainable> trainables = new ArrayList<>();
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        for (int expert = 0; expert < config.numExperts(); expert++) {
          for (String projection : List.of("gate", "up", "down")) {
            String name = TensorNames.expert(layer, expert, projection);
            trainables.add(Trainable.of(name, moe.get(name), 0f));
          }
        }
        trainables.add(
            Trainable.of(TensorNames.router(layer), moe.get(TensorNames.router(layer)), 0f));
      }
      List<int[]> streams = new ArrayList<>();
      for (String domain : FlexMixData.DOMAINS) {
        streams.add(TokenizedCorpus.of(Corpus.read(data.train(domain)), tokenizer).stream());
      }
      int context = config.maxPositionEmbeddings();
      double expertFlops =
          TrainingFlops.perToken(publicWeights.config().withExperts(2, 2), context);
      double moeFlops = TrainingFlops.perToken(config, context);
      int steps =
          (int)
              Math.round(
                  FlexMixData.EXPERT_DOMAINS.size() * scale.expertSteps() * expertFlops / moeFlops);
      TrainingSettings settings = scale.settings(steps, scale.expertLearningRate(), 4);
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "unrestricted MoE: %d steps (FLOPs of %d expert runs)",
              steps,
              FlexMixData.EXPERT_DOMAINS.size()));
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(moe),
              trainables,
              new TokenWindows(concat(streams), context),
              settings,
              Forward.defaults())) {
        dev.flexmoe.model.train.Checkpoint.latest(checkpoints)
            .ifPresent(latest -> dev.flexmoe.model.train.Checkpoint.restore(run, latest));
        run.run(steps, progress("unrestricted MoE"), checkpoints);
      }
      HfCheckpoint.write(
          moe,
          publicModel.resolve(HfCheckpoint.TOKENIZER),
          manifest("unrestricted", publicModel, names),
          out);
    }
  }

  private ModelVersionManifest manifest(String name, Path publicModel, List<String> experts) {
    List<ModelVersionManifest.Expert> entries = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) {
      entries.add(new ModelVersionManifest.Expert(experts.get(i), "0".repeat(64), i + 1));
    }
    return new ModelVersionManifest(
        ModelVersionManifest.FORMAT_VERSION,
        name,
        1,
        HfCheckpoint.digest(publicModel),
        entries,
        scale.topK(),
        false);
  }

  private static int[] concat(List<int[]> streams) {
    int[] all = new int[streams.stream().mapToInt(stream -> stream.length).sum()];
    int position = 0;
    for (int[] stream : streams) {
      System.arraycopy(stream, 0, all, position, stream.length);
      position += stream.length;
    }
    return all;
  }

  // ---------------------------------------------------------------- plumbing

  private StepCache.Step step(String name, List<String> inputs, StepCache.Body body) {
    StepCache.Step step =
        cache.run(
            name,
            inputs,
            (out, checkpoints) -> {
              log.accept("running " + name);
              body.run(out, checkpoints);
            });
    if (step.reused()) {
      log.accept("reusing " + name + " (" + step.key() + ")");
    } else {
      log.accept(
          String.format(java.util.Locale.ROOT, "finished %s in %.0f s", name, step.seconds()));
    }
    return step;
  }

  private Consumer<Progress> progress(String what) {
    return progress -> {
      int every = Math.max(1, progress.totalSteps() / 5);
      if (progress.step() % every == 0 || progress.step() == progress.totalSteps()) {
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "  %s: step %d/%d, loss %.3f, %.0f tokens/s",
                what,
                progress.step(),
                progress.totalSteps(),
                progress.loss(),
                progress.tokensPerSecond()));
      }
    };
  }

  private List<String> validationDigests() {
    return FlexMixData.DOMAINS.stream()
        .map(domain -> data.digest(data.validation(domain)))
        .toList();
  }

  private List<String> trainDigests() {
    return FlexMixData.DOMAINS.stream().map(domain -> data.digest(data.train(domain))).toList();
  }

  private static List<String> inputs(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
