package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.SampleResults.DOMAINS;
import static dev.flexmoe.reproduce.SampleResults.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {

  @TempDir Path results;

  @Test
  void writesEveryTableAsMarkdownCsvAndAPngOfTheChartSize() throws IOException {
    List<Path> written =
        new ResultsWriter(results.resolve("run-1"))
            .write(
                SampleResults.comparison(),
                SampleResults.optOut(),
                SampleResults.topK(),
                SampleResults.routing());

    assertThat(written)
        .extracting(path -> path.getFileName().toString())
        .containsExactly(
            "table.md",
            "table.csv",
            "table.png",
            "optout.md",
            "optout.csv",
            "optout.png",
            "k.md",
            "k.csv",
            "k.png",
            "routing.md",
            "routing.csv",
            "routing.png");
    assertThat(written).allSatisfy(path -> assertThat(path).isRegularFile().isNotEmptyFile());
    assertThat(Files.readString(written.get(0)))
        .isEqualTo(MarkdownTables.comparison(SampleResults.comparison()));
    for (Path png : written.stream().filter(p -> p.toString().endsWith(".png")).toList()) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }
  }

  @Test
  void theRoutingHeatmapColoursAnEmptyCellUnlikeAFullOne() throws IOException {
    RoutingTable routing = SampleResults.routing();
    Path png = new ResultsWriter(results).write(routing).get(2);
    BufferedImage image = ImageIO.read(png.toFile());

    // Where the cells are: lay out the same chart again and ask its axes.
    JFreeChart chart = Charts.routingChart(routing);
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage layout =
        new BufferedImage(Charts.WIDTH, Charts.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = layout.createGraphics();
    chart.draw(g2, new Rectangle2D.Double(0, 0, Charts.WIDTH, Charts.HEIGHT), info);
    g2.dispose();
    Rectangle2D dataArea = info.getPlotInfo().getDataArea();
    XYPlot plot = chart.getXYPlot();
    // Near a cell's corner, clear of the value printed at its centre. Row 0 is news: 0% public,
    // 100% news.
    int y = (int) plot.getRangeAxis().valueToJava2D(-0.3, dataArea, plot.getRangeAxisEdge());
    int xPublic =
        (int) plot.getDomainAxis().valueToJava2D(-0.3, dataArea, plot.getDomainAxisEdge());
    int xNews = (int) plot.getDomainAxis().valueToJava2D(0.7, dataArea, plot.getDomainAxisEdge());

    ColourRamp scale = ColourRamp.sequential(0, 100);
    int empty = image.getRGB(xPublic, y) & 0xFFFFFF;
    int full = image.getRGB(xNews, y) & 0xFFFFFF;
    assertThat(empty).isNotEqualTo(full);
    assertThat(empty).isEqualTo(scale.colour(0).getRGB() & 0xFFFFFF);
    assertThat(full).isEqualTo(scale.colour(100).getRGB() & 0xFFFFFF);
  }

  @Test
  void chartsOfTablesWithUnscoredSystemsStillRender() throws IOException {
    ComparisonTable comparison =
        new ComparisonTable(
            DOMAINS,
            List.of(row("public", 1.2, 1.0, 0.8), row("soup", 1.3, Double.NaN, 0.85)),
            "public");
    OptOutTable optOut =
        new OptOutTable(
            DOMAINS, row("FlexOlmo", 1.0, 0.9, 0.79), List.of(row("news", Double.NaN, 0.9, 0.79)));

    ResultsWriter writer = new ResultsWriter(results);
    Path comparisonChart = writer.write(comparison).get(2);
    Path optOutChart = writer.write(optOut).get(2);

    for (Path png : List.of(comparisonChart, optOutChart)) {
      assertThat(ImageIO.read(png.toFile())).as(png.toString()).isNotNull();
    }
    assertThat(Files.readString(results.resolve("optout.md")))
        .doesNotContain("NaN")
        .contains("| news | n/a | n/a | 0.0% (code) |");
  }
}
