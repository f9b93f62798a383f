package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void changesCarryTheirSignExceptWhenTheyRoundToZero() {
    assertThat(Numbers.bitsPerByteChange(0.15)).isEqualTo("+0.150");
    assertThat(Numbers.bitsPerByteChange(-0.01)).isEqualTo("-0.010");
    assertThat(Numbers.bitsPerByteChange(-0.0004)).isEqualTo("0.000");
    assertThat(Numbers.relativeChange(0.1234)).isEqualTo("+12.3%");
    assertThat(Numbers.relativeChange(-0.00049)).isEqualTo("0.0%");
  }

  @Test
  void unmeasuredValuesReadNotAvailable() {
    assertThat(Numbers.bitsPerByte(Double.NaN)).isEqualTo("n/a");
    assertThat(Numbers.bitsPerByte(Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    assertThat(Numbers.relativeChange(Double.NaN)).isEqualTo("n/a");
    assertThat(Numbers.percent(Double.NaN)).isEqualTo("n/a");
  }

  @Test
  void decimalsUseAPointWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(Numbers.bitsPerByte(1.25)).isEqualTo("1.250");
      assertThat(Numbers.percent(0.456)).isEqualTo("45.6");
    } finally {
      Locale.setDefault(before);
    }
  }
}
