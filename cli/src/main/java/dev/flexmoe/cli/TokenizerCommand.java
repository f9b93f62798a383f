package dev.flexmoe.cli;

import picocli.CommandLine.Command;

/** {@code flexmoe tokenizer}: the tokenizer's subcommands. */
@Command(
    name = "tokenizer",
    description = "Train the byte-level BPE tokenizer every model of a family shares.",
    subcommands = TokenizerTrainCommand.class)
final class TokenizerCommand {}
