package dev.flexmoe.reproduce;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The result charts as PNG files of {@value #WIDTH} x {@value #HEIGHT} pixels on a white
 * background. Charts are drawn into an image, never onto a screen, so they render on a machine
 * without a display (run with {@code -Djava.awt.headless=true}); text is in the logical SansSerif
 * font, which fontconfig maps to DejaVu Sans.
 */
public final class Charts {

  public static final int WIDTH = 1200;
  public static final int HEIGHT = 700;

  private static final Color BASELINE = new Color(0xE6550D);
  private static final Color SYSTEM = new Color(0x3182BD);
  private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

  /** Cell values are printed only while a cell has room for them at {@link #CELL_FONT}. */
  private static final int MAX_LABELLED_ROWS = 24;

  private static final int MAX_LABELLED_COLUMNS = 16;

  private Charts() {}

  /** Horizontal bars of each system's average bits per byte, best on top, baseline in orange. */
  public static void comparison(ComparisonTable table, Path png) throws IOException {
    save(comparisonChart(table), png);
  }

  /** A heatmap of the relative change of each domain when each expert is removed. */
  public static void optOut(OptOutTable table, Path png) throws IOException {
    save(optOutChart(table), png);
  }

  /** Average bits per byte against k, the number of active experts per token. */
  public static void topK(TopKTable table, Path png) throws IOException {
    save(topKChart(table), png);
  }

  /** A heatmap of each expert's mean share of each domain's tokens. */
  public static void routing(RoutingTable table, Path png) throws IOException {
    save(routingChart(table), png);
  }

  static JFreeChart comparisonChart(ComparisonTable table) {
    List<String> domains = table.domains();
    // Double.compare sorts NaN (a system that could not be scored) after every number.
    List<ScoreRow> rows = new ArrayList<>(table.rows());
    rows.sort(Comparator.comparingDouble(row -> row.average(domains)));
    DefaultCategoryDataset averages = new DefaultCategoryDataset();
    for (ScoreRow row : rows) {
      double average = row.average(domains);
      String label = Double.isFinite(average) ? row.system() : row.system() + " (n/a)";
      averages.addValue(Double.isFinite(average) ? average : null, "average", label);
    }
    int baselineColumn = rows.indexOf(table.row(table.baseline()));

    BarRenderer bars =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int series, int column) {
            return column == baselineColumn ? BASELINE : SYSTEM;
          }
        };
    NumberAxis bitsAxis = numberAxis("average bits per byte (lower is better)");
    bitsAxis.setUpperMargin(0.2); // room for the value labels right of the bars
    CategoryPlot plot = new CategoryPlot(averages, new CategoryAxis(), bitsAxis, bars);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT); // the value axis below the bars
    plot.setDomainGridlinesVisible(false);
    JFreeChart chart =
        chart(
            "Bits per byte by system",
            String.format(
                Locale.ROOT,
                "average over %d domains; %s (orange) is the baseline",
                domains.size(),
                table.baseline()),
            plot);

    bars.setMaximumBarWidth(0.12);
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(CELL_FONT.deriveFont(Font.PLAIN));
    bars.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          @Override
          public String generateLabel(CategoryDataset dataset, int series, int column) {
            ScoreRow row = rows.get(column);
            String change =
                column == baselineColumn
                    ? "baseline"
                    : Numbers.relativeChange(table.improvementOverBaseline(row));
            return Numbers.bitsPerByte(row.average(domains)) + "  (" + change + ")";
          }
        });
    return chart;
  }

  /*
   * A heatmap rather than grouped bars: the opt-out claim is "the removed expert's own domain gets
   * worse, the others barely move", which is one outlined cell per row against the rest of the row.
   * Relative changes put domains with different bits-per-byte levels on one colour scale, and a
   * change of a few percent, invisible as a difference of bar lengths, is a clear colour and a
   * printed number. The absolute values are in optout.md.
   */
  static JFreeChart optOutChart(OptOutTable table) {
    List<String> domains = table.domains();
    List<String> rows = new ArrayList<>();
    double[][] percent = new double[table.without().size()][domains.size()];
    double largest = 1; // percent; the colour scale spans at least -1% .. +1%
    for (int j = 0; j < table.without().size(); j++) {
      ScoreRow without = table.without().get(j);
      rows.add("without " + without.system());
      for (int d = 0; d < domains.size(); d++) {
        double full = table.full().on(domains.get(d));
        percent[j][d] = 100 * (without.on(domains.get(d)) - full) / full;
        if (Double.isFinite(percent[j][d])) {
          largest = Math.max(largest, Math.abs(percent[j][d]));
        }
      }
    }
    ColourRamp scale = ColourRamp.diverging(largest);
    XYPlot plot = heatmap(rows, null, domains, "evaluation domain", percent, scale);
    JFreeChart chart =
        chart(
            "Opt-out: bits per byte with one expert removed",
            "change against the full model, % (red: worse, blue: better);"
                + " outlined: the removed expert's own domain",
            plot);
    chart.addSubtitle(colourLegend(scale, "change in bits per byte (%)"));
    labelCells(plot, percent, scale, value -> Numbers.signedPercent(value / 100));
    for (int j = 0; j < rows.size(); j++) {
      int own = domains.indexOf(table.without().get(j).system());
      if (own >= 0) {
        plot.addAnnotation(
            new XYShapeAnnotation(
                new Rectangle2D.Double(own - 0.47, j - 0.47, 0.94, 0.94),
                new BasicStroke(3f),
                Color.BLACK));
      }
    }
    return chart;
  }

  static JFreeChart topKChart(TopKTable table) {
    XYSeries averages = new XYSeries("average");
    for (int i = 0; i < table.ks().size(); i++) {
      double average = table.rows().get(i).average(table.domains());
      if (Double.isFinite(average)) {
        averages.add(table.ks().get(i), Double.valueOf(average));
      }
    }
    NumberAxis kAxis = numberAxis("active experts per token (k)");
    kAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
    kAxis.setAutoRangeIncludesZero(false);
    kAxis.setLowerMargin(0.08);
    kAxis.setUpperMargin(0.08);
    NumberAxis bitsAxis = numberAxis("average bits per byte (lower is better)");
    bitsAxis.setAutoRangeIncludesZero(false);
    bitsAxis.setUpperMargin(0.15); // room for the value labels above the points
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
    XYPlot plot = new XYPlot(new XYSeriesCollection(averages), kAxis, bitsAxis, line);
    JFreeChart chart =
        chart(
            "Bits per byte by number of active experts",
            String.format(Locale.ROOT, "average over %d domains", table.domains().size()),
            plot);

    line.setSeriesPaint(0, SYSTEM);
    line.setSeriesStroke(0, new BasicStroke(3f));
    line.setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
    line.setDefaultItemLabelsVisible(true);
    line.setDefaultItemLabelFont(CELL_FONT.deriveFont(Font.PLAIN));
    line.setDefaultItemLabelGenerator(
        new StandardXYItemLabelGenerator("{2}", decimals("0"), decimals("0.000")));
    return chart;
  }

  static JFreeChart routingChart(RoutingTable table) {
    double[][] percent = new double[table.domains().size()][table.experts().size()];
    for (int d = 0; d < percent.length; d++) {
      for (int e = 0; e < percent[d].length; e++) {
        percent[d][e] = 100 * table.meanShare(d, e);
      }
    }
    ColourRamp scale = ColourRamp.sequential(0, 100);
    XYPlot plot =
        heatmap(table.domains(), "evaluation domain", table.experts(), "expert", percent, scale);
    JFreeChart chart =
        chart(
            "Routing: which experts serve each domain",
            String.format(
                Locale.ROOT,
                "%% of the domain's tokens for which the expert is among the top-k,"
                    + " mean over %d layers",
                table.layers()),
            plot);
    chart.addSubtitle(colourLegend(scale, "share of tokens (%)"));
    labelCells(plot, percent, scale, value -> Numbers.percent(value / 100));
    return chart;
  }

  /**
   * A chart in the house style. The style resets series colours, item labels and annotations, so
   * callers set those on the returned chart's plot afterwards.
   */
  private static JFreeChart chart(String title, String subtitle, Plot plot) {
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.addSubtitle(new TextTitle(subtitle));
    style().apply(chart);
    chart.setPadding(new RectangleInsets(10, 10, 10, 20));
    return chart;
  }

  private static StandardChartTheme style() {
    StandardChartTheme style = new StandardChartTheme("flexmoe");
    style.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
    style.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
    style.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    style.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    style.setChartBackgroundPaint(Color.WHITE);
    style.setPlotBackgroundPaint(Color.WHITE);
    style.setLegendBackgroundPaint(Color.WHITE);
    style.setPlotOutlinePaint(Color.GRAY);
    style.setDomainGridlinePaint(new Color(0xDDDDDD));
    style.setRangeGridlinePaint(new Color(0xDDDDDD));
    style.setBarPainter(new StandardBarPainter());
    style.setShadowVisible(false);
    return style;
  }

  private static NumberAxis numberAxis(String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
    return axis;
  }

  private static DecimalFormat decimals(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  /** Rows top to bottom, columns left to right, one block per value. */
  private static XYPlot heatmap(
      List<String> rows,
      String rowsLabel,
      List<String> columns,
      String columnsLabel,
      double[][] values,
      ColourRamp scale) {
    int cells = rows.size() * columns.size();
    double[][] xyz = new double[3][cells];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        int i = r * columns.size() + c;
        xyz[0][i] = c;
        xyz[1][i] = r;
        xyz[2][i] = values[r][c];
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("values", xyz);
    SymbolAxis columnAxis = new SymbolAxis(columnsLabel, columns.toArray(String[]::new));
    columnAxis.setRange(-0.5, columns.size() - 0.5);
    columnAxis.setGridBandsVisible(false);
    columnAxis.setVerticalTickLabels(columns.size() > MAX_LABELLED_COLUMNS / 2);
    SymbolAxis rowAxis = new SymbolAxis(rowsLabel, rows.toArray(String[]::new));
    rowAxis.setRange(-0.5, rows.size() - 0.5);
    rowAxis.setGridBandsVisible(false);
    rowAxis.setInverted(true); // first row on top, as in the tables
    XYBlockRenderer blocks = new XYBlockRenderer();
    blocks.setPaintScale(scale);
    XYPlot plot = new XYPlot(dataset, columnAxis, rowAxis, blocks);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    return plot;
  }

  /**
   * Prints each cell's value in the cell, in black or white for contrast, if the cells have room.
   */
  private static void labelCells(
      XYPlot plot, double[][] values, ColourRamp scale, DoubleFunction<String> format) {
    if (values.length > MAX_LABELLED_ROWS
        || (values.length > 0 && values[0].length > MAX_LABELLED_COLUMNS)) {
      return;
    }
    for (int r = 0; r < values.length; r++) {
      for (int c = 0; c < values[r].length; c++) {
        XYTextAnnotation label = new XYTextAnnotation(format.apply(values[r][c]), c, r);
        label.setFont(CELL_FONT);
        label.setPaint(scale.textColour(values[r][c]));
        plot.addAnnotation(label);
      }
    }
  }

  private static PaintScaleLegend colourLegend(ColourRamp scale, String label) {
    NumberAxis axis = numberAxis(label);
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setSubdivisionCount(200);
    legend.setStripWidth(22);
    legend.setMargin(new RectangleInsets(40, 16, 40, 0));
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }

  private static void save(JFreeChart chart, Path png) throws IOException {
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
