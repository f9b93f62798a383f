package dev.flexmoe.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void parsesTheThreeSingleRangeForms() {
    assertThat(ByteRange.parse("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=900-", 1000)).contains(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=990-5000", 1000)).contains(new ByteRange(990, 999));
    assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
  }

  @Test
  void answersUnsupportedFormsWithTheWholeContent() {
    assertThat(ByteRange.parse(null, 1000)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
    assertThat(ByteRange.parse("bytes=-", 1000)).isEmpty();
  }

  @Test
  void refusesRangesOutsideTheContent() {
    for (String header :
        new String[] {"bytes=1000-", "bytes=5-4", "bytes=-0", "bytes=99999999999999999999-"}) {
      assertThatThrownBy(() -> ByteRange.parse(header, 1000))
          .isInstanceOf(ProblemException.class)
          .extracting(e -> ((ProblemException) e).problem().status())
          .isEqualTo(416);
    }
  }
}
