package dev.flexmoe.prodguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentKeysTest {

  private static final Path DEV_KEY = Path.of("../../expert-registry/dev-keys/jwt-public.pem");

  @Test
  void theDevelopmentKeyIsRecognisedWhereverItLies(@TempDir Path dir) throws IOException {
    Path copy = Files.copy(DEV_KEY, dir.resolve("production-looking.pem"));
    assertThat(DevelopmentKeys.findings(Map.of(DevelopmentKeys.KEY_LOCATION, copy.toString())))
        .singleElement()
        .asString()
        .contains("is the development public key");
    assertThat(
            DevelopmentKeys.findings(
                Map.of(DevelopmentKeys.KEY_LOCATION, "file:" + copy.toAbsolutePath())))
        .hasSize(1);
  }

  @Test
  void anotherKeyTheIssuerAndTheSigningFoldersAreJudgedApart(@TempDir Path dir) throws IOException {
    Path other = dir.resolve("other.pem");
    // A different Ed25519-sized key: any bytes but the development key's.
    Files.writeString(
        other,
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJ9Hr3UimR2bLKg8GU5HJ5XmyNslOqcqEZim1YuJjc4g=\n"
            + "-----END PUBLIC KEY-----\n");
    assertThat(
            DevelopmentKeys.findings(
                Map.of(
                    DevelopmentKeys.KEY_LOCATION,
                    other.toString(),
                    DevelopmentKeys.ISSUER_PROPERTY,
                    "https://issuer.example")))
        .isEmpty();
    assertThat(
            DevelopmentKeys.findings(
                Map.of(
                    DevelopmentKeys.ISSUER_PROPERTY,
                    "flexmoe-dev",
                    "flexmoe.registry.dev-keys",
                    "/keys")))
        .hasSize(2)
        .anyMatch(f -> f.contains("development issuer"))
        .anyMatch(f -> f.contains("flexmoe.registry.dev-keys is set"));
    assertThat(DevelopmentKeys.findings(Map.of("flexmoe.dev-keys", " "))).isEmpty();
  }
}
