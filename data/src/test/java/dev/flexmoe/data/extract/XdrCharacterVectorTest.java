package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class XdrCharacterVectorTest {

  @Test
  void decodesAsciiUtf8AndNaElements() {
    byte[] serialized = RSerialized.characterVector("EMMA", "", "“Miss Woodhouse,” said he", null);

    assertThat(XdrCharacterVector.decode(serialized))
        .containsExactly("EMMA", "", "“Miss Woodhouse,” said he", null);
  }

  @Test
  void readsTheExactBytesRWrites() {
    // serialize(c("a", "bc"), NULL, xdr = TRUE) in R 4.2, written out by hand.
    byte[] serialized = {
      'X', '\n', 0, 0, 0, 3, 0, 4, 2, 1, 0, 3, 5, 0, 0, 0, 0, 5, 'U', 'T', 'F', '-', '8', //
      0, 0, 0, 16, 0, 0, 0, 2, //
      0, 4, 0, 9, 0, 0, 0, 1, 'a', //
      0, 4, 0, 9, 0, 0, 0, 2, 'b', 'c'
    };

    assertThat(XdrCharacterVector.decode(serialized)).containsExactly("a", "bc");
  }

  @Test
  void readsVersion2AndLatin1MarkedStrings() {
    byte[] serialized =
        RSerialized.header(2)
            .integer(16)
            .integer(1)
            .charsxp(RSerialized.LATIN1, "café".getBytes(StandardCharsets.ISO_8859_1))
            .toByteArray();

    assertThat(XdrCharacterVector.decode(serialized)).containsExactly("café");
  }

  @Test
  void readsALongLength() {
    byte[] serialized =
        RSerialized.header(3)
            .integer(16)
            .integer(-1)
            .integer(0)
            .integer(1)
            .charsxp(RSerialized.ASCII, "x".getBytes(StandardCharsets.US_ASCII))
            .toByteArray();

    assertThat(XdrCharacterVector.decode(serialized)).containsExactly("x");
  }

  @Test
  void refusesOtherObjectsAndFormats() {
    byte[] integerVector = RSerialized.header(3).integer(13).integer(1).integer(42).toByteArray();
    assertThatThrownBy(() -> XdrCharacterVector.decode(integerVector))
        .hasMessageContaining("SEXP type 13, not a character vector");

    byte[] ascii = "A\n3\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> XdrCharacterVector.decode(ascii))
        .hasMessageContaining("not an XDR-serialized R object");
  }

  @Test
  void refusesTruncatedInput() {
    byte[] whole = RSerialized.characterVector("Pride and Prejudice");
    byte[] truncated = Arrays.copyOf(whole, whole.length - 5);

    assertThatThrownBy(() -> XdrCharacterVector.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad length");
  }
}
