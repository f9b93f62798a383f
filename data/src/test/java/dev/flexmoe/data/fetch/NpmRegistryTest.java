package dev.flexmoe.data.fetch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.data.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmRegistryTest {

  @TempDir Path dir;

  @Test
  void aTarballMatchingTheRegistrysIntegrityAndShasumPasses() throws Exception {
    Path tarball = tarball("the real bytes");

    assertThatCode(
            () ->
                NpmRegistry.verify(
                    Fixtures.NPM_PACKAGE,
                    tarball,
                    integrity("the real bytes"),
                    shasum("the real bytes")))
        .doesNotThrowAnyException();
  }

  @Test
  void aTarballDifferingFromEitherIsRefused() throws Exception {
    Path tarball = tarball("tampered bytes");

    assertThatThrownBy(
            () ->
                NpmRegistry.verify(
                    Fixtures.NPM_PACKAGE, tarball, integrity("the real bytes"), null))
        .hasMessageContaining("fixture-npm@1.0.0 does not match the registry's dist.integrity");
    assertThatThrownBy(
            () -> NpmRegistry.verify(Fixtures.NPM_PACKAGE, tarball, null, shasum("the real bytes")))
        .hasMessageContaining("dist.shasum");
    assertThatThrownBy(() -> NpmRegistry.verify(Fixtures.NPM_PACKAGE, tarball, null, null))
        .hasMessageContaining("no usable integrity or shasum");
  }

  private Path tarball(String content) throws Exception {
    return Files.writeString(dir.resolve("package.tgz"), content);
  }

  private static String integrity(String content) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-512").digest(content.getBytes(StandardCharsets.UTF_8));
    return "sha512-" + Base64.getEncoder().encodeToString(digest);
  }

  private static String shasum(String content) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-1").digest(content.getBytes(StandardCharsets.UTF_8)));
  }
}
