package dev.flexmoe.training.worker;

import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.training.domain.JobKind;
import java.nio.file.Path;

/**
 * What one job's process trains, written by the service into the job's folder as {@code job.json}:
 * local paths and settings only.
 *
 * @param model the public model's checkpoint folder (a merged model's for router tuning; null for a
 *     public-model job)
 * @param validation held-out text of the same domain, or null
 * @param owner the owner named in an expert's manifest
 * @param preset a public model's size (public-model jobs only)
 * @param vocabSize a public model's vocabulary (public-model jobs only)
 * @param out where the artifact or model is written
 * @param checkpoints where checkpoints go; a started-again job resumes from the newest
 */
public record WorkerSpec(
    JobKind kind,
    Path model,
    Path data,
    Path validation,
    String domain,
    String owner,
    String preset,
    Integer vocabSize,
    TrainingSettings settings,
    Path out,
    Path checkpoints) {}
