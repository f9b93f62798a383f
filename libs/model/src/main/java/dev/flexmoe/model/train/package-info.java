/**
 * Training: the loop ({@link TrainingRun}), its optimizer and schedule, checkpoints that resume a
 * run exactly, and the recipes of docs/method.md — public pretraining, expert training against the
 * frozen public model, dense continued pretraining for the baselines, router tuning, and the
 * jointly trained unrestricted MoE baseline with its FLOP matching ({@link TrainingFlops}).
 */
package dev.flexmoe.model.train;
