package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.SampleResults.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTablesTest {

  @Test
  void comparisonHasPlainNumbersAndOneFieldPerColumn() {
    String csv = CsvTables.comparison(SampleResults.comparison());

    assertThat(csv.lines())
        .containsExactly(
            "system,news,code,math,average,vs public (%)",
            "public,1.200,1.000,0.800,1.000,0.0",
            "BTM,1.100,0.950,0.780,0.943,+5.7",
            "soup,1.300,1.050,0.850,1.067,-6.7",
            "FlexOlmo,1.000,0.900,0.790,0.897,+10.3");
    assertThat(csv.lines().map(CsvTablesTest::fields)).allSatisfy(f -> assertThat(f).hasSize(6));
  }

  @Test
  void optOutLeavesTheEffectColumnsOfTheFullModelEmpty() {
    String csv = CsvTables.optOut(SampleResults.optOut());

    assertThat(csv.lines())
        .containsExactly(
            "system,news,code,math,average,own domain change,own domain change (%),"
                + "largest other change (%),largest other domain",
            "full model,1.000,0.900,0.790,0.897,,,,",
            "without news,1.150,0.905,0.790,0.948,+0.150,+15.0,+0.6,code",
            "without code,1.002,1.100,0.780,0.961,+0.200,+22.2,-1.3,math");
    assertThat(csv.lines().map(CsvTablesTest::fields)).allSatisfy(f -> assertThat(f).hasSize(9));
  }

  @Test
  void topKHasOneRowPerK() {
    assertThat(CsvTables.topK(SampleResults.topK()).lines())
        .containsExactly(
            "k,news,code,math,average", "1,1.050,0.920,0.800,0.923", "2,1.000,0.900,0.790,0.897");
  }

  @Test
  void routingIsLongFormWithARowPerDomainLayerAndExpert() {
    List<String> lines = CsvTables.routing(SampleResults.routing()).lines().toList();

    assertThat(lines).hasSize(1 + 3 * 2 * 2);
    assertThat(lines.get(0)).isEqualTo("domain,layer,expert,share (%)");
    assertThat(lines).contains("news,0,news,100.0", "math,0,public,75.0", "math,1,news,50.0");
    assertThat(lines.stream().map(CsvTablesTest::fields)).allSatisfy(f -> assertThat(f).hasSize(4));
  }

  @Test
  void namesWithCommasOrQuotesAreQuotedAndNotANumberReadsNotAvailable() {
    List<String> domains = List.of("news, politics", "say \"hi\"");
    ComparisonTable table =
        new ComparisonTable(
            domains,
            List.of(row("public", domains, 1.0, 2.0), row("soup", domains, Double.NaN, 2.0)),
            "public");

    String csv = CsvTables.comparison(table);

    assertThat(csv).doesNotContain("NaN");
    assertThat(csv.lines())
        .containsExactly(
            "system,\"news, politics\",\"say \"\"hi\"\"\",average,vs public (%)",
            "public,1.000,2.000,1.500,0.0", "soup,n/a,2.000,n/a,n/a");
    assertThat(fields(csv.lines().findFirst().orElseThrow()))
        .containsExactly("system", "news, politics", "say \"hi\"", "average", "vs public (%)");
  }

  /** The fields of one RFC 4180 line (no line breaks inside fields). */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  @Test
  void differencesHaveEachEstimateBesideItsBounds() {
    assertThat(CsvTables.differences(SampleResults.differences()).lines())
        .containsExactly(
            "system,news,news low,news high,code,code low,code high,math,math low,math high,"
                + "average,average low,average high",
            "BTM,+0.100,+0.060,+0.140,+0.050,-0.010,+0.110,-0.010,-0.030,+0.010,+0.046,+0.012,"
                + "+0.080");
  }
}
