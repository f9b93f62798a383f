package dev.flexmoe.training.service;

/**
 * A job as an owner submits it.
 *
 * @param kind {@code expert}, {@code dense}, {@code router-tuning} or {@code public} (the
 *     operator's)
 * @param publicModel the public model by registry id, digest or name (expert and dense jobs)
 * @param model a local merged model folder inside the data roots (router tuning)
 * @param data the local corpus: a .txt, .jsonl or .jsonl.gz file, or a folder of them
 * @param validation held-out text of the same domain, reported as bits per byte (optional)
 * @param domain the expert's name, e.g. {@code math}
 * @param name the name a public model is registered under
 * @param preset a public model's size: micro (the default), tiny or small
 * @param vocabSize the vocabulary a public model's tokenizer is trained to (default 4096)
 * @param hyperparameters the run's settings; each left out takes the CLI's default
 * @param autoRegister whether a finished expert is signed and registered at once (default true)
 */
public record JobSubmission(
    String kind,
    String publicModel,
    String model,
    String data,
    String validation,
    String domain,
    String name,
    String preset,
    Integer vocabSize,
    Hyperparameters hyperparameters,
    Boolean autoRegister) {}
