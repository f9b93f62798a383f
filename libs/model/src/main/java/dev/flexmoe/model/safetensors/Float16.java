package dev.flexmoe.model.safetensors;

/**
 * IEEE 754 binary16 conversions. Java 17 has no {@code Float.float16ToFloat} (it arrived in Java
 * 20), and the project builds for 17.
 */
public final class Float16 {

  /** The largest finite half, 65504. */
  public static final float MAX_VALUE = 65504f;

  private Float16() {}

  /** The float with the same value as a half's bits; exact, since every half is a float. */
  public static float toFloat(short half) {
    int bits = half & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    if (exponent == 0x1F) {
      // Infinity, or NaN with its payload kept in the float's top mantissa bits.
      return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in a float.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    // Normal: rebias the exponent from 15 to 127.
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * The half nearest to a float, ties to even (as the hardware conversion does). Values of 65520
   * and above in magnitude become infinities; NaN stays NaN.
   */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int magnitude = bits & 0x7FFF_FFFF;
    if (magnitude > 0x7F80_0000) {
      // NaN: keep it quiet and keep what of the payload fits.
      return (short) (sign | 0x7E00 | ((magnitude >>> 13) & 0x3FF));
    }
    if (magnitude >= 0x477F_F000) {
      // 65520 is halfway between 65504 and 65536 and rounds to the even one, which is infinity.
      return (short) (sign | 0x7C00);
    }
    if (magnitude < 0x3880_0000) {
      // Below the smallest normal half (2^-14): a multiple of 2^-24. Scaling by 2^24 is exact and
      // Math.rint rounds ties to even; 1024 carries into the smallest normal, as it should.
      int subnormal = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
      return (short) (sign | subnormal);
    }
    int exponent = (magnitude >>> 23) - 127 + 15;
    int mantissa = magnitude & 0x7F_FFFF;
    int half = (exponent << 10) | (mantissa >>> 13);
    int dropped = mantissa & 0x1FFF;
    if (dropped > 0x1000 || (dropped == 0x1000 && (half & 1) == 1)) {
      half++; // a carry out of the mantissa correctly bumps the exponent
    }
    return (short) (sign | half);
  }
}
