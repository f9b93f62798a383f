package dev.flexmoe.infra.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mints a bearer token signed with a development key, for the embedded run: an RS256 JWT with the
 * claims a MicroProfile JWT service reads ({@code iss}, {@code sub}, {@code upn}, {@code groups},
 * {@code iat}, {@code exp}, {@code jti}). Only the services' {@code test} and {@code embedded}
 * profiles accept it; {@code prod} does not know the key. It lives here, in the launcher of the
 * embedded run, so that no service's jar can mint tokens.
 */
@Command(
    name = "dev-token",
    mixinStandardHelpOptions = true,
    description = "Prints a development bearer token for the embedded run's services.")
public final class DevToken implements Callable<Integer> {

  /** The issuer the test and embedded profiles expect. */
  public static final String ISSUER = "flexmoe-dev";

  /** The roles the services know; a misspelt one is refused here rather than answered 403 later. */
  enum Role {
    owner,
    operator,
    service,
    tenant
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--subject",
      required = true,
      description = "the caller's id (an owner's id for the owner role)")
  String subject;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "${COMPLETION-CANDIDATES}, comma-separated")
  Set<Role> roles;

  @Option(
      names = "--valid-for",
      defaultValue = "PT8H",
      description = "lifetime as an ISO-8601 duration (default: ${DEFAULT-VALUE})")
  Duration validFor;

  @Option(
      names = "--key",
      defaultValue = "${env:FLEXMOE_HOME:-.}/expert-registry/dev-keys/jwt-private.pem",
      description = "the development private key, PKCS#8 PEM (default: ${DEFAULT-VALUE})")
  Path key;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DevToken()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(key)) {
      spec.commandLine().getErr().println("dev-token: no private key at " + key + " (use --key)");
      return 2;
    }
    Set<String> groups = new TreeSet<>();
    roles.forEach(role -> groups.add(role.name()));
    spec.commandLine().getOut().println(mint(subject, groups, validFor, Files.readString(key)));
    return 0;
  }

  /** A token for {@code subject} with {@code roles}, signed with the PKCS#8 PEM private key. */
  public static String mint(String subject, Set<String> roles, Duration validFor, String pem) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setSubject(subject);
    claims.setClaim("upn", subject);
    claims.setStringListClaim("groups", new ArrayList<>(roles));
    NumericDate now = NumericDate.now();
    claims.setIssuedAt(now);
    claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + validFor.toSeconds()));
    claims.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(privateKey(pem));
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem) {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PKCS#8 PEM RSA private key: " + e.getMessage(), e);
    }
  }
}
