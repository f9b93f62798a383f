package dev.flexmoe.model.train;

/** Scaling to unit length, the one way router rows are normalized. */
final class UnitVectors {

  private UnitVectors() {}

  /** {@code vector / |vector|}; a zero vector stays zero (it has no direction to keep). */
  static float[] of(double[] vector) {
    double norm = 0;
    for (double value : vector) {
      norm += value * value;
    }
    float[] unit = new float[vector.length];
    if (norm == 0) {
      return unit;
    }
    double length = Math.sqrt(norm);
    for (int i = 0; i < vector.length; i++) {
      unit[i] = (float) (vector[i] / length);
    }
    return unit;
  }
}
