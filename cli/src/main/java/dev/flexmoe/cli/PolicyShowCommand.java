package dev.flexmoe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flexmoe policy show}: an expert's license and what is in force now. */
@Command(name = "show", description = "Show an expert's license and its revision.")
final class PolicyShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PolicyServiceOptions service;

  @Parameters(paramLabel = "EXPERT", description = "The expert's registry id.")
  String expert;

  @Override
  public Integer call() {
    PolicyClient.Reply reply =
        service.client().get(PolicyPaths.license(expert), "application/json");
    LicenseText.print(reply.json(), spec.commandLine().getOut());
    return 0;
  }
}
