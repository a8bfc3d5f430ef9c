package io.metricgen.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad scenarios give messages that name file, line and field, and say what would be valid. */
class ScenarioErrorsTest {

  private static List<String> problems(String yaml) {
    return Scenarios.problems(yaml);
  }

  @Test
  void unknownShape() {
    assertThat(
            problems(
                "metrics:\n  - name: g\n    type: gauge\n    value:\n      sinus: {period: 1m}\n"))
        .containsExactly(
            "test.yaml:5: metrics[0].value.sinus: unknown field \"sinus\"; expected one of clamp,"
                + " constant, gap, linear, noise, randomWalk, repeat, sawtooth, scale, sequence,"
                + " series, sine, spike, square, sum, triangle, uniform, values");
  }

  @Test
  void negativeDuration() {
    assertThat(
            problems(
                "metrics:\n  - name: g\n    type: gauge\n    value:\n"
                    + "      sine:\n        period: -5m\n"))
        .containsExactly(
            "test.yaml:6: metrics[0].value.sine.period: must be positive; expected a duration"
                + " like 15s, 10m, 1h30m or 2d (units y w d h m s ms), got \"-5m\"");
  }

  @Test
  void invalidMetricAndLabelNames() {
    assertThat(
            problems(
                "metrics:\n  - name: 1st-metric\n    type: gauge\n    value: 1\n"
                    + "    labels:\n      ok: x\n      bad-name: y\n      __reserved: z\n"))
        .containsExactly(
            "test.yaml:2: metrics[0].name: \"1st-metric\" is not a valid metric name; expected"
                + " [a-zA-Z_:][a-zA-Z0-9_:]*",
            "test.yaml:7: metrics[0].labels.bad-name: \"bad-name\" is not a valid label name;"
                + " expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __",
            "test.yaml:8: metrics[0].labels.__reserved: \"__reserved\" is not a valid label name;"
                + " expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __");
  }

  @Test
  void cardinalityOverTheCap() {
    assertThat(
            problems(
                "maxSeries: 10\nmetrics:\n  - name: g\n    type: gauge\n    value: 1\n"
                    + "    labels: {a: [1, 2, 3], b: [x, y, z, w]}\n"))
        .containsExactly(
            "test.yaml:2: metrics: the label combinations expand to 12 series, over the cap of"
                + " 10; use fewer label values or raise maxSeries");
  }

  @Test
  void malformedYaml() {
    assertThat(problems("metrics:\n  - name: g\n   type: gauge\n"))
        .containsExactly(
            "test.yaml:3: malformed YAML: expected <block end>, but found '<block mapping"
                + " start>'");
  }

  @Test
  void unknownTypeAndWrongValueTypes() {
    assertThat(problems("metrics:\n  - name: g\n    type: gauges\n"))
        .containsExactly(
            "test.yaml:3: metrics[0].type: \"gauges\" is not one of gauge, counter, histogram,"
                + " summary");
    assertThat(problems("interval: 15s\nseed: lots\nmetrics: []\n"))
        .containsExactly("test.yaml:2: seed: cannot read \"lots\" as a number");
  }

  @Test
  void everyProblemOfAFileAtOnce() {
    assertThat(
            problems(
                "interval: 0s\nmetrics:\n"
                    + "  - {name: a, type: gauge}\n"
                    + "  - {name: b, type: counter, value: 1, rate: 2}\n"
                    + "  - {name: c, type: histogram, rate: 1, buckets: [1, 0.5],"
                    + " distribution: {logNormal: {p50: 1, p99: 0.5}}}\n"
                    + "  - {name: d, type: gauge, value: {sine: {period: 1m}, linear: {to: 1,"
                    + " over: 1m}}}\n"
                    + "  - {name: e, type: gauge, value: {sequence: [{value: 1}, {for: 7s,"
                    + " value: 2}]}}\n"))
        .containsExactly(
            "test.yaml:1: interval: must be positive; expected a duration like 15s, 10m, 1h30m or"
                + " 2d (units y w d h m s ms), got 0s",
            "test.yaml:3: metrics[0].value: required: a number, promtool series notation, or one"
                + " of constant, linear, values, series, uniform, randomWalk, sine, square,"
                + " sawtooth, triangle, spike, gap, sequence, repeat, sum, scale, clamp",
            "test.yaml:4: metrics[1].rate: give either value or rate, not both",
            "test.yaml:5: metrics[2].buckets[1]: bucket bounds must increase strictly, but 0.5"
                + " follows 1.0",
            "test.yaml:5: metrics[2].distribution.logNormal.p99: required: a number greater than"
                + " p50 (1.0)",
            "test.yaml:6: metrics[3].value: sets linear and sine; a shape has exactly one kind"
                + " (combine shapes with sum or sequence)",
            "test.yaml:7: metrics[4].value.sequence[0].for: required: only the last segment may"
                + " omit it",
            "test.yaml:7: metrics[4].value.sequence[1].for: must be a multiple of the interval"
                + " 15s, got 7s");
  }

  @Test
  void unitMustEndTheNameAndReservedLabelsAreRefused() {
    assertThat(
            problems(
                "metrics:\n  - name: latency\n    type: histogram\n    unit: seconds\n"
                    + "    labels: {le: x}\n    rate: 1\n"
                    + "    distribution: {logNormal: {p50: 1, p99: 2}}\n"))
        .containsExactly(
            "test.yaml:4: metrics[0].unit: OpenMetrics needs the metric name to end with"
                + " _seconds, but it is latency",
            "test.yaml:5: metrics[0].labels.le: \"le\" is reserved in a histogram");
  }

  @Test
  void anEmptyFileAndNoMetrics() {
    assertThat(problems("")).containsExactly("test.yaml: the file is empty");
    assertThat(problems("interval: 15s\n"))
        .containsExactly("test.yaml:1: metrics: required: a list of at least one metric");
  }

  @Test
  void nativeHistogramAndExemplarSettings() {
    assertThat(
            problems(
                "interval: 15s\nmetrics:\n  - name: g\n    type: gauge\n    value: 1\n"
                    + "    native: {schema: 3}\n    exemplars: {}\n"
                    + "  - name: h\n    type: histogram\n    rate: 1\n"
                    + "    distribution: {logNormal: {p50: 1, p99: 2}}\n"
                    + "    native: {schema: 9, maxBuckets: -1}\n"
                    + "    exemplars:\n      every: 20s\n      labels: {trace_id: x, ok: y}\n"))
        .containsExactly(
            "test.yaml:6: metrics[0].native: is only for histograms",
            "test.yaml:7: metrics[0].exemplars: is only for counters and histograms",
            "test.yaml:12: metrics[1].native.schema: must be from -4 to 8 (as Prometheus takes"
                + " them), got 9",
            "test.yaml:14: metrics[1].exemplars.every: must be a multiple of the interval 15s, got"
                + " 20s",
            "test.yaml:15: metrics[1].exemplars.labels.trace_id: trace_id is set by metricgen,"
                + " random but the same on every run of the seed");
  }

  @Test
  void exemplarLabelsOverOpenMetricsLimitAndNativeWeightsBelowZero() {
    String longValue = "x".repeat(82);
    assertThat(
            problems(
                "interval: 15s\nmetrics:\n  - name: c\n    type: counter\n    rate: 1\n"
                    + "    exemplars: {labels: {service: "
                    + longValue
                    + "}}\n"
                    + "  - name: t\n    type: histogram\n    rate: 1\n"
                    + "    buckets: [-10, 0, 10]\n"
                    + "    distribution: {weights: [1, 1, 1, 1]}\n    native: {}\n"))
        .containsExactly(
            "test.yaml:6: metrics[0].exemplars.labels: the exemplar labels take 129 characters"
                + " with trace_id's 40; OpenMetrics allows 128: use shorter or fewer labels",
            "test.yaml:12: metrics[1].native: the weights put observations at -10.0, below zero;"
                + " native histograms here count observations of 0 or more (the zero bucket takes"
                + " those within zeroThreshold of 0)");
  }
}
