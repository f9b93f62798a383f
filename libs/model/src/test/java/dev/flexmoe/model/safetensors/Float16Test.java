package dev.flexmoe.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {

  @Test
  void knownValuesWidenExactly() {
    assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat((double) Float16.toFloat((short) 0x0001)).isEqualTo(5.960464477539063e-8);
    assertThat(Float16.toFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
    assertThat(Float16.toFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
    assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(Float16.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    assertThat(Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)))
        .isEqualTo(Float.floatToRawIntBits(-0.0f));
    assertThat(Float16.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.toFloat((short) 0x7E00)).isNaN();
  }

  @Test
  void knownValuesNarrowExactly() {
    assertThat(Float16.fromFloat(1.0f)).isEqualTo((short) 0x3C00);
    assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7BFF);
    assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(Float16.fromFloat(-0.0f)).isEqualTo((short) 0x8000);
    assertThat(Float16.fromFloat(0.0f)).isEqualTo((short) 0x0000);
    assertThat(Float16.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
    assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
  }

  @Test
  void everyHalfSurvivesTheRoundTripThroughFloat() {
    for (int bits = 0; bits <= 0xFFFF; bits++) {
      short half = (short) bits;
      boolean nan = (bits & 0x7C00) == 0x7C00 && (bits & 0x3FF) != 0;
      if (!nan) {
        assertThat(Float16.fromFloat(Float16.toFloat(half)))
            .as("half 0x%04X", bits)
            .isEqualTo(half);
      }
    }
  }

  @Test
  void roundsToNearestWithTiesToEven() {
    // Between every two neighbouring finite halves (same sign): just below, at and just above the
    // midpoint. Halves have 11 significant bits, so the midpoint is exact in a float.
    for (int bits = 0; bits < 0x7BFF; bits++) {
      float low = Float16.toFloat((short) bits);
      float high = Float16.toFloat((short) (bits + 1));
      float middle = (low + high) / 2;
      short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
      assertThat(Float16.fromFloat(middle)).as("tie above 0x%04X", bits).isEqualTo(even);
      assertThat(Float16.fromFloat(Math.nextDown(middle))).isEqualTo((short) bits);
      assertThat(Float16.fromFloat(Math.nextUp(middle))).isEqualTo((short) (bits + 1));
      assertThat(Float16.fromFloat(-middle)).isEqualTo((short) (even | 0x8000));
    }
  }

  @Test
  void tooLargeBecomesInfinityAndTooSmallBecomesZero() {
    assertThat(Float16.fromFloat(Math.nextDown(65520f))).isEqualTo((short) 0x7BFF);
    assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7C00);
    assertThat(Float16.fromFloat(-1e10f)).isEqualTo((short) 0xFC00);
    assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000); // a tie, to even zero
    assertThat(Float16.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 0x0001);
    assertThat(Float16.fromFloat(-Float.MIN_VALUE)).isEqualTo((short) 0x8000);
  }
}
