package dev.flexmoe.registry.dev;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mints a bearer token signed with the development key, for the embedded run. Only the registry's
 * {@code test} and {@code embedded} profiles accept it; {@code prod} does not know the key.
 */
@Command(
    name = "dev-token",
    mixinStandardHelpOptions = true,
    description = "Prints a development bearer token for the expert registry's embedded run.")
public final class DevToken implements Callable<Integer> {

  /** The issuer the test and embedded profiles expect. */
  public static final String ISSUER = "flexmoe-dev";

  @Option(
      names = "--subject",
      required = true,
      description = "the caller's id (an owner's id for the owner role)")
  String subject;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "owner, operator and/or service")
  Set<String> roles;

  @Option(
      names = "--valid-for",
      defaultValue = "PT8H",
      description = "lifetime as an ISO-8601 duration (default: ${DEFAULT-VALUE})")
  Duration validFor;

  @Option(
      names = "--key",
      defaultValue = "${env:FLEXMOE_HOME:-.}/expert-registry/dev-keys/jwt-private.pem",
      description = "the development private key (default: ${DEFAULT-VALUE})")
  Path key;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DevToken()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(key)) {
      System.err.println("dev-token: no private key at " + key + " (use --key)");
      return 2;
    }
    System.out.println(mint(subject, roles, validFor, Files.readString(key)));
    return 0;
  }

  /** A token for {@code subject} with {@code roles}, signed with the PEM private key. */
  public static String mint(String subject, Set<String> roles, Duration validFor, String pem) {
    PrivateKey key;
    try {
      key = KeyUtils.decodePrivateKey(pem);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 PEM private key: " + e.getMessage(), e);
    }
    return Jwt.issuer(ISSUER)
        .subject(subject)
        .upn(subject)
        .groups(roles)
        .expiresIn(validFor)
        .sign(key);
  }
}
