package io.metricgen.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.testing.Scenarios;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios written to break the reader and the compiler: each is refused by line and field. */
class HostileScenarioTest {

  private static List<String> problems(String yaml) {
    return Scenarios.problems(yaml);
  }

  private static String labels(int names, int values) {
    StringBuilder out = new StringBuilder("{");
    for (int n = 0; n < names; n++) {
      out.append(n == 0 ? "" : ", ").append("l").append(n).append(": [");
      for (int v = 0; v < values; v++) {
        out.append(v == 0 ? "" : ", ").append("v").append(v);
      }
      out.append(']');
    }
    return out.append('}').toString();
  }

  @Test
  void seriesCountsThatOverflowALongAreRefusedNotWrapped() {
    // 16 labels of 16 values: 2^64 combinations, which a long multiplication wraps to 0.
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: 1, labels: " + labels(16, 16) + "}\n"))
        .containsExactly(
            "test.yaml:1: metrics: the label combinations expand to more than "
                + Long.MAX_VALUE
                + " series, over the cap of 10000; use fewer label values or raise maxSeries");
    // 20 labels of 100 values once failed with "Illegal Capacity".
    assertThat(
            problems(
                "maxSeries: 2000000000\nmetrics:\n  - {name: g, type: gauge, value: 1, labels: "
                    + labels(20, 100)
                    + "}\n"))
        .singleElement()
        .asString()
        .contains("more than " + Long.MAX_VALUE + " series");
    // 2^32 + 384: once wrapped to "384 series".
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: 1, labels: "
                    + labels(32, 2)
                    + "}\n  - {name: h, type: gauge, value: 1, labels: "
                    + labels(1, 384)
                    + "}\n"))
        .singleElement()
        .asString()
        .contains("expand to 4294967680 series, over the cap of 10000");
  }

  @Test
  void seriesThatWouldNotFitInTheHeapAreRefusedBeforeAnyIsBuilt() {
    // 10^8 series under a raised cap: about 70 GB by the estimate, beyond any heap here.
    assertThat(
            problems(
                "maxSeries: 2000000000\nmetrics:\n  - {name: g, type: gauge, value: 1, labels: "
                    + labels(4, 100)
                    + "}\n"))
        .singleElement()
        .asString()
        .contains("the 100000000 series need about ")
        .contains(" MiB of memory, more than half of the ");
  }

  @Test
  void aCapGivenOnTheCommandLineFollowsTheFilesRule() {
    String yaml = "metrics:\n  - {name: g, type: gauge, value: 1}\n";
    for (int cap : new int[] {0, -1}) {
      InvalidInputException e =
          catchThrowableOfType(
              InvalidInputException.class, () -> ScenarioLoader.compile("s.yaml", yaml, cap));
      assertThat(e.problems().get(0).toString())
          .isEqualTo("s.yaml: --max-series must be at least 1, as maxSeries must, got " + cap);
    }
  }

  @Test
  void sampleNamesOfOneMetricMayNotBeAnothersName() {
    String histogram =
        "  - {name: h, type: histogram, rate: 1, distribution: {logNormal: {p50: 1, p99: 2}}}\n";
    assertThat(problems("metrics:\n" + histogram + "  - {name: h_count, type: gauge, value: 1}\n"))
        .containsExactly(
            "test.yaml:3: metrics[1].name: the samples named h_count would also belong to"
                + " metrics[0] (histogram h); Prometheus keeps only one of the two: rename one");
    assertThat(
            problems(
                "metrics:\n  - {name: x_total, type: gauge, value: 1}\n"
                    + "  - {name: x, type: counter, rate: 1}\n"))
        .singleElement()
        .asString()
        .contains("metrics[1].name: the samples named x_total would also belong to metrics[0]");
    assertThat(
            problems(
                "metrics:\n  - {name: s, type: summary, rate: 1,"
                    + " distribution: {logNormal: {p50: 1, p99: 2}}}\n"
                    + "  - {name: s_sum, type: counter, rate: 1}\n"))
        .singleElement()
        .asString()
        .contains("the samples named s_sum would also belong");
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: 1}\n"
                    + "  - {name: g, type: gauge, value: 2}\n"))
        .singleElement()
        .asString()
        .contains("metrics[1].name: the samples named g would also belong");
    // Names that merely look alike are fine.
    Scenarios.compile("metrics:\n" + histogram + "  - {name: h_counts, type: gauge, value: 1}\n");
  }

  @Test
  void aKeyGivenTwiceIsRefusedNamingBothLines() {
    assertThat(
            problems(
                "metrics:\n  - name: g\n    type: gauge\n    value: 1\n    value: 2\n"
                    + "    labels:\n      a: x\n      a: y\n"))
        .containsExactly(
            "test.yaml:5: metrics[0].value: is given twice, on line 4 and line 5; keep one",
            "test.yaml:8: metrics[0].labels.a: is given twice, on line 7 and line 8; keep one");
  }

  @Test
  void aliasesWorkForLabelsAndAnyOtherValue() {
    CompiledScenario s =
        Scenarios.compile(
            "metrics:\n  - name: a\n    type: gauge\n    value: 1\n"
                + "    labels: &common {region: [eu, us], tier: web}\n"
                + "  - {name: b, type: gauge, value: 2, labels: *common}\n");
    assertThat(s.families().get(1).series()).hasSize(2);
    assertThat(s.families().get(1).series().get(0).labels().get("tier")).isEqualTo("web");
    assertThat(problems("metrics: &m\n  - {name: a, type: gauge, value: 1, labels: {x: *m}}\n"))
        .singleElement()
        .asString()
        .contains("metrics[0].labels.x");
  }

  @Test
  void plainNumbersKeepTheirTextWhereAStringIsWanted() {
    CompiledScenario s =
        Scenarios.compile(
            "metrics:\n  - {name: g, type: gauge, value: 1, labels: {v: [1.10, 010, 1e3, on]}}\n");
    assertThat(s.families().get(0).series())
        .extracting(x -> x.labels().get("v"))
        .containsExactly("1.10", "010", "1e3", "on");
  }

  @Test
  void nonFiniteAndOverflowingNumbersAreRefused() {
    assertThat(problems("metrics:\n  - {name: g, type: gauge, value: .nan}\n"))
        .containsExactly(
            "test.yaml:2: metrics[0].value: .nan is not a finite number; give a number, or quote"
                + " it for a string");
    assertThat(problems("metrics:\n  - {name: g, type: gauge, value: 1e999}\n"))
        .singleElement()
        .asString()
        .contains("1e999 is beyond the largest number a float64 holds");
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: {sine: {period: 1m,"
                    + " amplitude: 1e308, offset: 1e308}}}\n"))
        .containsExactly(
            "test.yaml:2: metrics[0].value: reaches beyond the largest float64 (about 1.8e308);"
                + " at most 1e+300, so that no sample overflows to +Inf");
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: {sine: {period: 1m,"
                    + " amplitude: 1e301}}}\n"))
        .singleElement()
        .asString()
        .contains("reaches about 1.00e+301; at most 1e+300");
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: {scale: {factor: 1e200,"
                    + " value: {sum: [1e200, 5]}}}}\n"))
        .singleElement()
        .asString()
        .contains("metrics[0].value: reaches beyond the largest float64");
    assertThat(
            problems(
                "metrics:\n  - {name: h, type: histogram, rate: 1e12,"
                    + " distribution: {logNormal: {p50: 1, p99: 2}}}\n"))
        .singleElement()
        .asString()
        .contains("metrics[0].rate: reaches about 1.00e+12; at most 1e+09 per second");
    // Noise widens the bound; a clamp narrows it again.
    Scenarios.compile(
        "metrics:\n  - {name: g, type: gauge, value: {clamp: {min: 0, max: 10,"
            + " value: {constant: 1, noise: 1e305}}}}\n");
  }

  @Test
  void aLoneSurrogateIsRefusedNotWrittenAsAQuestionMark() {
    assertThat(
            problems(
                "metrics:\n  - {name: g, type: gauge, value: 1, help: \"a \\ud800 b\","
                    + " labels: {x: \"\\udc00\"}}\n"))
        .containsExactly(
            "test.yaml:2: metrics[0].help: holds a lone surrogate \\ud800 at character 2, which is"
                + " no Unicode character and has no UTF-8 form; write the character itself",
            "test.yaml:2: metrics[0].labels.x: a value holds a lone surrogate \\udc00 at character"
                + " 0, which is no Unicode character and has no UTF-8 form; write the character"
                + " itself");
  }

  @Test
  void longStringsReadInLinearTimeAndHugeDocumentsAreRefusedUpFront() {
    String big = "x".repeat(2_000_000);
    CompiledScenario s =
        Scenarios.compile(
            "metrics:\n  - {name: g, type: gauge, value: 1, help: \"" + big + "\"}\n");
    assertThat(s.families().get(0).help()).hasSize(big.length());
    assertThat(problems("metrics: []\n# " + "y".repeat(YamlDocument.MAX_CHARS)))
        .singleElement()
        .asString()
        .startsWith("test.yaml: the document has " + (YamlDocument.MAX_CHARS + 14) + " characters");
  }

  @Test
  void filesThatAreNotUtf8TextAreNamedByOffsetAndAByteOrderMarkIsSkipped(@TempDir Path dir)
      throws Exception {
    Path binary = dir.resolve("garbage.yaml");
    Files.write(binary, new byte[] {'m', 'e', 't', (byte) 0xff, (byte) 0xfe, 0});
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> ScenarioLoader.readFile(binary));
    assertThat(e.problems().get(0).toString())
        .isEqualTo(
            binary
                + ": is not UTF-8 text: byte 3 (0xff) starts no UTF-8 character; give a text file");
    Path bom = dir.resolve("bom.yaml");
    Files.write(
        bom,
        ("\uFEFFmetrics:\n  - {name: g, type: gauge, value: 1}\n")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(ScenarioLoader.load(bom, null).seriesCount()).isEqualTo(1);
  }
}
