package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.ExpertSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flexmoe expert keygen}: an owner's Ed25519 key pair. The public key goes to the registry
 * ({@code POST /api/v1/owners/{id}/keys}); the private key stays with the owner and signs.
 */
@Command(
    name = "keygen",
    description =
        "Write a new Ed25519 key pair: OUT.key (private, PKCS#8 PEM, readable by you only) and"
            + " OUT.pub (public, X.509 PEM, for the registry).")
final class ExpertKeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "OUT",
      description = "Path prefix of the two files.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Path privateFile = Path.of(out + ".key");
    Path publicFile = Path.of(out + ".pub");
    Flexmoe.requireNewOutput(privateFile);
    Flexmoe.requireNewOutput(publicFile);
    KeyPair pair = ExpertSignatures.generateKeyPair();
    Files.createFile(
        privateFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        privateFile, ExpertSignatures.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(
        publicFile, ExpertSignatures.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    spec.commandLine().getOut().printf("private key %s%npublic key  %s%n", privateFile, publicFile);
    return 0;
  }
}
