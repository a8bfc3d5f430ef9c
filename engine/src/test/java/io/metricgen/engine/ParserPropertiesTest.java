package io.metricgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.importer.ImportSample;
import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.signal.PromtoolSeries;
import io.metricgen.engine.signal.Samples;
import io.metricgen.testing.Scenarios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the input parsers: what is written in their notation reads back as it was, and any
 * text at all is either read or refused with problems, never a crash.
 */
class ParserPropertiesTest {

  private static final long NOW = 1_800_000_000_000L;

  // ---- promtool series notation

  /** One item of notation and the values it stands for. */
  record Item(String text, double[] values) {}

  @Provide
  Arbitrary<Item> items() {
    Arbitrary<Integer> small = Arbitraries.integers().between(-50, 50);
    Arbitrary<Integer> count = Arbitraries.integers().between(0, 20);
    Arbitrary<Item> ramp =
        Combinators.combine(small, small, count)
            .as(
                (a, b, n) -> {
                  double[] v = new double[n + 1];
                  double x = a;
                  for (int i = 0; i <= n; i++) {
                    v[i] = x;
                    x += b;
                  }
                  return new Item(a + (b < 0 ? "-" + -b : "+" + b) + "x" + n, v);
                });
    Arbitrary<Item> copies =
        Combinators.combine(small, count)
            .as(
                (a, n) -> {
                  double[] v = new double[n + 1];
                  java.util.Arrays.fill(v, a);
                  return new Item(a + "x" + n, v);
                });
    Arbitrary<Item> blanks =
        count.map(
            n -> {
              double[] v = new double[n];
              java.util.Arrays.fill(v, Samples.ABSENT);
              return new Item("_x" + n, v);
            });
    Arbitrary<Item> single =
        Arbitraries.of(
            new Item("_", new double[] {Samples.ABSENT}),
            new Item("stale", new double[] {Samples.STALE}),
            new Item("1.5e3", new double[] {1500}),
            new Item("-0.25", new double[] {-0.25}));
    return Arbitraries.oneOf(ramp, copies, blanks, single);
  }

  @Provide
  Arbitrary<List<Item>> itemLists() {
    return items().list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 500)
  void promtoolNotationExpandsToWhatItsItemsSay(
      @ForAll("itemLists") List<Item> items, @ForAll boolean tabs) {
    net.jqwik.api.Assume.that(!items.isEmpty());
    StringBuilder text = new StringBuilder();
    List<Double> expected = new ArrayList<>();
    for (Item i : items) {
      text.append(text.length() == 0 ? "" : tabs ? " \t " : " ").append(i.text());
      for (double v : i.values()) {
        expected.add(v);
      }
    }
    double[] got = PromtoolSeries.expand(text.toString());
    assertThat(got).hasSize(expected.size());
    for (int k = 0; k < got.length; k++) {
      assertThat(Double.doubleToRawLongBits(got[k]))
          .as("sample %d of %s", k, text)
          .isEqualTo(Double.doubleToRawLongBits(expected.get(k)));
    }
  }

  @Property(tries = 1000)
  void anyTextIsNotationOrARefusalNamingTheItem(@ForAll("noise") String text) {
    try {
      PromtoolSeries.expand(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings().withChars("0123456789+-x_. eE\tstaleInfNa").ofMaxLength(30);
  }

  // ---- CSV and JSON samples

  record Row(String name, Map<String, String> labels, double value, long timestamp) {}

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<String> name =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    // Values with the characters the CSV form must escape or quote: , ; \ " = and non-ASCII.
    Arbitrary<String> value =
        Arbitraries.strings()
            .withChars("ab ,;\\\"=éü")
            .ofMaxLength(8)
            .filter(v -> v.equals(v.strip()));
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(Arbitraries.of("job_type", "status", "k", "path"), value).ofMaxSize(3);
    return Combinators.combine(
            name,
            labels,
            Arbitraries.doubles().between(-1e9, 1e9),
            Arbitraries.longs().between(0, 1000))
        .as((n, l, v, t) -> new Row(n, new TreeMap<>(l), v, NOW - 60_000 - t * 1000))
        .list()
        .ofMaxSize(10)
        .uniqueElements(r -> r.name() + r.labels() + r.timestamp());
  }

  @Property(tries = 300)
  void csvReadsBackWhatWasWritten(@ForAll("rows") List<Row> rows) {
    StringBuilder csv = new StringBuilder("metric_name,labels,value,timestamp_ms\n");
    for (Row r : rows) {
      StringBuilder labels = new StringBuilder();
      r.labels()
          .forEach(
              (k, v) ->
                  labels
                      .append(labels.length() == 0 ? "" : ";")
                      .append(k)
                      .append('=')
                      .append(v.replace("\\", "\\\\").replace(";", "\\;")));
      csv.append(r.name())
          .append(",\"")
          .append(labels.toString().replace("\"", "\"\""))
          .append("\",")
          .append(r.value())
          .append(',')
          .append(r.timestamp())
          .append('\n');
    }
    SampleFileReader.Result read = SampleFileReader.csv("in.csv", csv.toString(), NOW);
    assertThat(read.problems()).isEmpty();
    assertThat(asRows(read.samples())).isEqualTo(rows);
  }

  @Property(tries = 300)
  void jsonReadsBackWhatWasWritten(@ForAll("rows") List<Row> rows) throws Exception {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("metric", r.name());
      item.put("labels", r.labels());
      item.put("value", r.value());
      item.put("timestamp_ms", r.timestamp());
      items.add(item);
    }
    String json = new ObjectMapper().writeValueAsString(items);
    SampleFileReader.Result read = SampleFileReader.json("in.json", json, NOW);
    assertThat(read.problems()).isEmpty();
    assertThat(asRows(read.samples())).isEqualTo(rows);
  }

  @Property(tries = 1000)
  void anyTextIsSamplesOrProblemsNeverACrash(@ForAll("sampleNoise") String text) {
    for (SampleFileReader.Result r :
        List.of(SampleFileReader.csv("in", text, NOW), SampleFileReader.json("in", text, NOW))) {
      assertThat(r.samples().size() + r.problems().size()).isGreaterThanOrEqualTo(0);
      r.problems().forEach(p -> assertThat(p.line()).isGreaterThanOrEqualTo(0));
    }
  }

  @Provide
  Arbitrary<String> sampleNoise() {
    return Arbitraries.strings()
        .withChars("ab_=;,\"\\[]{}:0123456789.\n \uFEFF\ud800")
        .ofMaxLength(40);
  }

  private static List<Row> asRows(List<ImportSample> samples) {
    return samples.stream()
        .map(s -> new Row(s.name(), new TreeMap<>(s.labels()), s.value(), s.timestampMillis()))
        .toList();
  }

  // ---- scenario YAML

  @Property(tries = 200)
  void labelValuesInAScenarioReadBackAsWritten(
      @ForAll("labelValues") List<String> values, @ForAll boolean flow) {
    net.jqwik.api.Assume.that(
        !values.isEmpty() && values.stream().distinct().count() == values.size());
    StringBuilder yaml =
        new StringBuilder("metrics:\n  - name: g\n    type: gauge\n    value: 1\n");
    ObjectMapper json = new ObjectMapper();
    List<String> quoted =
        values.stream()
            .map(
                v -> {
                  try {
                    return json.writeValueAsString(v); // JSON strings are YAML strings
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    if (flow) {
      yaml.append("    labels: {v: [").append(String.join(", ", quoted)).append("]}\n");
    } else {
      yaml.append("    labels:\n      v:\n");
      quoted.forEach(q -> yaml.append("        - ").append(q).append('\n'));
    }
    var compiled = Scenarios.compile(yaml.toString());
    assertThat(compiled.families().get(0).series())
        .extracting(s -> s.labels().get("v"))
        .containsExactlyInAnyOrderElementsOf(values);
  }

  @Provide
  Arbitrary<List<String>> labelValues() {
    return Arbitraries.strings()
        .withChars("az09 :#-{}[]&*!|>'\"%@`,éü\\")
        .ofMaxLength(10)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5);
  }

  @Property(tries = 1000)
  void anyTextIsAScenarioOrProblemsWithLinesNeverACrash(@ForAll("yamlNoise") String text) {
    try {
      Scenarios.compile(text);
    } catch (InvalidInputException e) {
      assertThat(e.problems()).isNotEmpty();
      e.problems().forEach(p -> assertThat(p.line()).isGreaterThanOrEqualTo(0));
    }
  }

  @Provide
  Arbitrary<String> yamlNoise() {
    Arbitrary<String> fragments =
        Arbitraries.of(
            "metrics:",
            "\n  - ",
            "name: g",
            "type: gauge",
            "value: ",
            "1",
            ".nan",
            "&a ",
            "*a",
            "{",
            "}",
            "[",
            "]",
            ", ",
            "labels: ",
            "\n    ",
            "\"x",
            "'",
            "# c",
            "sine: ",
            "period: 1m",
            "\t",
            "---\n",
            "? ",
            "!!str ",
            "|\n  ");
    return fragments.list().ofMaxSize(25).map(l -> String.join("", l));
  }
}
