package dev.flexmoe.cli;

import picocli.CommandLine.Command;

/** {@code flexmoe expert}: what a data owner does with an expert artifact besides training it. */
@Command(
    name = "expert",
    description = "Sign expert artifacts for the registry: make an owner key pair, sign an expert.",
    subcommands = {ExpertKeygenCommand.class, ExpertSignCommand.class})
final class ExpertCommand {}
