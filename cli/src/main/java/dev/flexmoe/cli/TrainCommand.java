package dev.flexmoe.cli;

import picocli.CommandLine.Command;

/** {@code flexmoe train}: the training subcommands. */
@Command(
    name = "train",
    description = "Train the public model, an expert against it, or a dense domain model.",
    subcommands = {TrainPublicCommand.class, TrainExpertCommand.class, TrainDenseCommand.class})
final class TrainCommand {}
