package dev.flexmoe.reproduce;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The finished steps of the training pipeline: every system the evaluation scores, and the data it
 * scores them on.
 *
 * @param validation each domain's capped validation text
 * @param experts each domain's expert artifact, by domain
 * @param dense each domain's dense model trained with all parameters, by domain
 * @param denseFfn each domain's dense model trained on its FFNs alone, by domain
 * @param flexOlmo the experts merged with their router biases dropped
 * @param flexOlmoBias the experts merged with their router biases kept
 * @param routerInits by the router initialization's name, FlexOlmo merged from experts trained from
 *     that router row (the ablation; {@code flexOlmo} is flexmoe's own initialization)
 * @param routerTuned {@code flexOlmo} with its router tuned on proxy data
 * @param uniformSoup the soup of the public model and {@code dense}, every tensor averaged
 * @param uniformSoupFfn the soup of the public model and {@code denseFfn}, their FFNs averaged
 * @param flexOlmoFour the {@link FourExperts} setting: the public model and three experts, k = 4
 * @param uniformSoupFour the soup of the public model and the setting's three dense models
 */
record TrainedSystems(
    StepCache.Step validation,
    StepCache.Step tokenizer,
    StepCache.Step publicModel,
    Map<String, StepCache.Step> experts,
    Map<String, StepCache.Step> dense,
    Map<String, StepCache.Step> denseFfn,
    StepCache.Step flexOlmo,
    StepCache.Step flexOlmoBias,
    Map<String, StepCache.Step> routerInits,
    StepCache.Step routerTuned,
    StepCache.Step noCoordination,
    StepCache.Step uniformSoup,
    StepCache.Step uniformSoupFfn,
    StepCache.Step unrestricted,
    StepCache.Step flexOlmoFour,
    StepCache.Step uniformSoupFour) {

  TrainedSystems {
    // in domain order: the tables list the systems in it
    experts = Collections.unmodifiableMap(new LinkedHashMap<>(experts));
    dense = Collections.unmodifiableMap(new LinkedHashMap<>(dense));
    denseFfn = Collections.unmodifiableMap(new LinkedHashMap<>(denseFfn));
    routerInits = Collections.unmodifiableMap(new LinkedHashMap<>(routerInits));
  }

  Path tokenizerJson() {
    return tokenizer.out().resolve("tokenizer.json");
  }
}
