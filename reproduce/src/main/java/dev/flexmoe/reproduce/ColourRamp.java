package dev.flexmoe.reproduce;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * A colour scale for heatmaps: colours evenly spaced between a lower and an upper bound,
 * interpolated in between, values outside clamped to the ends. The stops are ColorBrewer's, which
 * stay distinguishable in grey print and for the common colour-vision deficiencies.
 */
final class ColourRamp implements PaintScale {

  /** The colour of a cell without a value. */
  static final Color MISSING = new Color(0xD9D9D9);

  private final double lower;
  private final double upper;
  private final Color[] stops;

  private ColourRamp(double lower, double upper, Color... stops) {
    this.lower = lower;
    this.upper = upper;
    this.stops = stops;
  }

  /** Near-white at {@code lower} to dark blue at {@code upper} ("Blues"). */
  static ColourRamp sequential(double lower, double upper) {
    return new ColourRamp(
        lower,
        upper,
        new Color(0xF7FBFF),
        new Color(0x9ECAE1),
        new Color(0x3182BD),
        new Color(0x08306B));
  }

  /** Blue at {@code -bound}, near-white at 0, red at {@code +bound} ("RdBu" reversed). */
  static ColourRamp diverging(double bound) {
    return new ColourRamp(
        -bound,
        bound,
        new Color(0x2166AC),
        new Color(0x92C5DE),
        new Color(0xF7F7F7),
        new Color(0xF4A582),
        new Color(0xB2182B));
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    return colour(value);
  }

  Color colour(double value) {
    if (Double.isNaN(value)) {
      return MISSING;
    }
    double t = Math.min(1, Math.max(0, (value - lower) / (upper - lower)));
    double position = t * (stops.length - 1);
    int from = Math.min((int) position, stops.length - 2);
    double frac = position - from;
    Color a = stops[from];
    Color b = stops[from + 1];
    return new Color(
        (int) Math.round(a.getRed() + frac * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + frac * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + frac * (b.getBlue() - a.getBlue())));
  }

  /** Black or white, whichever reads better on the colour of {@code value}. */
  Color textColour(double value) {
    Color background = colour(value);
    double luminance =
        0.2126 * background.getRed()
            + 0.7152 * background.getGreen()
            + 0.0722 * background.getBlue();
    return luminance > 140 ? Color.BLACK : Color.WHITE;
  }
}
