package dev.flexmoe.infra.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's {@code expert-registry/bin/dev-token --subject alice --role owner}: the token it
 * prints verifies with the development public key, as the registry's test and embedded profiles
 * verify it ({@code mp.jwt.verify.publickey.location}, issuer {@code flexmoe-dev}).
 */
class DevTokenTest {

  private static final Path DEV_KEYS = Path.of("../expert-registry/dev-keys");

  @Test
  void theCommandPrintsATokenTheDevelopmentPublicKeyVerifies() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new DevToken())
            .setOut(new PrintWriter(out, true))
            .execute(
                "--subject",
                "alice",
                "--role",
                "owner",
                "--key",
                DEV_KEYS.resolve("jwt-private.pem").toString());

    assertThat(exit).isEqualTo(0);
    JwtClaims claims = verifier().processToClaims(out.toString().strip());
    assertThat(claims.getIssuer()).isEqualTo("flexmoe-dev");
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringClaimValue("upn")).isEqualTo("alice");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("owner");
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(Duration.ofHours(8).toSeconds());
    assertThat(claims.getJwtId()).isNotBlank();
  }

  @Test
  void aTokenSignedWithAnotherKeyDoesNotVerify() throws Exception {
    byte[] otherKey =
        KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(otherKey)
            + "\n-----END PRIVATE KEY-----\n";
    String token = DevToken.mint("mallory", Set.of("operator"), Duration.ofMinutes(5), pem);

    assertThatThrownBy(() -> verifier().processToClaims(token))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void aMissingKeyIsReportedWithExitCode2() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new DevToken())
            .setErr(new PrintWriter(err, true))
            .execute("--subject", "ops", "--role", "operator", "--key", "no/such/key.pem");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no private key at no/such/key.pem");
  }

  @Test
  void aMisspeltRoleIsRefusedWithTheRolesThereAre() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new DevToken())
            .setErr(new PrintWriter(err, true))
            .execute("--subject", "ops", "--role", "operater");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("operater").contains("owner, operator, service");
  }

  private static JwtConsumer verifier() throws Exception {
    return new JwtConsumerBuilder()
        .setVerificationKey(
            new RsaKeyUtil().fromPemEncoded(Files.readString(DEV_KEYS.resolve("jwt-public.pem"))))
        .setJwsAlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
        .setExpectedIssuer("flexmoe-dev")
        .setRequireSubject()
        .setRequireIssuedAt()
        .setRequireExpirationTime()
        .build();
  }
}
