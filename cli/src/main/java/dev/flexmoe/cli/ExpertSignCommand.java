package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flexmoe expert sign}: signs an expert artifact for upload. The artifact is opened (and so
 * checked) first; the signature covers {@code expert.json} as it is on disk and the tensors'
 * digest, and is written to {@code expert.sig} beside them.
 */
@Command(
    name = "sign",
    description =
        "Sign an expert artifact with an owner's private key; writes DIR/expert.sig (base64), the"
            + " registry upload's 'signature' part.")
final class ExpertSignCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The owner's private key (from 'expert keygen').")
  Path key;

  @Parameters(paramLabel = "DIR", description = "The expert artifact directory.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    ExpertArtifact artifact = ExpertArtifact.open(dir);
    byte[] message =
        ExpertSignatures.message(
            Files.readAllBytes(dir.resolve(ExpertArtifact.MANIFEST)), artifact.digest());
    byte[] signature =
        ExpertSignatures.sign(ExpertSignatures.parsePrivateKey(Files.readString(key)), message);
    Path out = dir.resolve(ExpertSignatures.SIGNATURE);
    Files.writeString(out, Base64.getEncoder().encodeToString(signature) + "\n");
    spec.commandLine().getOut().printf("signed %s: %s%n", artifact.digest(), out);
    return 0;
  }
}
