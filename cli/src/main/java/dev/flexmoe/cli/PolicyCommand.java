package dev.flexmoe.cli;

import picocli.CommandLine.Command;

/**
 * {@code flexmoe policy}: an owner's licenses and usage over the policy service's API, for owners
 * who prefer a terminal to curl.
 */
@Command(
    name = "policy",
    description =
        "Decide who may use an expert and see how much it was used, through the policy service.",
    subcommands = {
      PolicySetCommand.class,
      PolicyShowCommand.class,
      PolicyHistoryCommand.class,
      PolicyUsageCommand.class
    })
final class PolicyCommand {}
