package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RdbChunksTest {

  @Test
  void readsBackToBackZlibChunksInOrder() {
    byte[] first = "first object".getBytes(StandardCharsets.US_ASCII);
    byte[] second = new byte[5000]; // compresses well: the chunk is much shorter than its length
    Arrays.fill(second, (byte) 'x');

    var chunks = RdbChunks.read(RSerialized.rdb(first, second));

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0)).isEqualTo(first);
    assertThat(chunks.get(1)).isEqualTo(second);
  }

  @Test
  void refusesTruncatedAndNonZlibData() {
    byte[] rdb = RSerialized.rdb("an object of some length".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> RdbChunks.read(Arrays.copyOf(rdb, rdb.length - 3)))
        .hasMessageContaining("does not inflate to its stated");

    byte[] bzip2 = {0, 0, 0, 10, '2', 'B', 'Z', 'h', '9', 0};
    assertThatThrownBy(() -> RdbChunks.read(bzip2)).hasMessageContaining("not zlib-compressed");
  }
}
