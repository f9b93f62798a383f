package dev.flexmoe.model.train;

/**
 * Where a training run stands after a step.
 *
 * @param step steps done (1-based)
 * @param totalSteps steps planned
 * @param loss the language-model loss of this step (nats per token, z-loss excluded)
 * @param learningRate the rate this step used
 * @param tokensPerSecond training throughput since the run (or its resumption) started
 * @param etaSeconds estimated seconds to the end
 */
public record Progress(
    int step,
    int totalSteps,
    double loss,
    double learningRate,
    double tokensPerSecond,
    double etaSeconds) {}
