package io.metricgen.engine.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on small scenarios whose answers are worked out by hand, and the disagreements with
 * Prometheus that the differential test found, each kept as a named case.
 */
class EvaluatorTest {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  static QueryEngine engine(String yaml) {
    return engine(yaml, Long.MAX_VALUE);
  }

  static QueryEngine engine(String yaml, long end) {
    CompiledScenario s = ScenarioLoader.compile("test.yaml", yaml, null);
    return QueryEngine.builder(new ScenarioStorage(s, T0, end, Map.of())).build();
  }

  static final String COUNTER =
      "interval: 15s\nmetrics:\n  - name: c\n    type: counter\n    help: c\n"
          + "    value: {series: \"0+15x40\"}\n";

  static double only(QueryResult r) {
    assertThat(r.series()).hasSize(1);
    return r.series().get(0).value(0);
  }

  @Test
  void rateOfASteadyCounterIsItsSlope() {
    // 1 per second: 15 every 15 s. A 5m window after 10 minutes holds 21 samples, 300 s apart
    // end to end, so the extrapolation adds nothing: 300 / 300 = 1.
    QueryEngine e = engine(COUNTER);
    assertThat(only(e.instant("rate(c_total[5m])", T0 + 600_000))).isEqualTo(1.0);
    assertThat(only(e.instant("increase(c_total[5m])", T0 + 600_000))).isEqualTo(300.0);
  }

  @Test
  void rateExtrapolatesHalfAGapWhereTheWindowOutrunsTheSamples() {
    // At 7.5 s past a sample the window [t-60s, t] holds 4 samples 45 s apart end to end; the
    // last is 7.5 s before the end (less than 1.1 gaps: extended), the first 7.5 s after the
    // start: 45 s seen become 60 s, so the increase of 45 reads as 60.
    QueryEngine e = engine(COUNTER);
    assertThat(only(e.instant("increase(c_total[1m])", T0 + 600_000 + 7_500))).isEqualTo(60.0);
  }

  @Test
  void aSelectorLooksBackFiveMinutesAndStopsAtAStalenessMarker() {
    QueryEngine e =
        engine(
            "interval: 1m\nmetrics:\n  - name: g\n    type: gauge\n    help: g\n"
                + "    value: {series: \"1 2 _x3 stale 5\"}\n");
    // Steps: 0→1, 1m→2, 2m..4m nothing, 5m stale, 6m→5.
    assertThat(only(e.instant("g", T0 + 4 * 60_000))).isEqualTo(2.0); // looked back 3 minutes
    assertThat(e.instant("g", T0 + 5 * 60_000).series()).isEmpty(); // the marker ends it
    assertThat(only(e.instant("g", T0 + 6 * 60_000))).isEqualTo(5.0);
    assertThat(e.instant("g", T0 + 11 * 60_000 + 1).series()).isEmpty(); // 5 minutes passed
  }

  @Test
  void aScenarioStopsAtItsEndAsABackfillDoes() {
    // Found by the differential test: data went on after backfill's --end.
    QueryEngine e = engine(COUNTER, T0 + 60_000);
    QueryResult r = e.instant("c_total", T0 + 120_000);
    assertThat(r.series().get(0).value(0)).as("the last sample before the end").isEqualTo(45.0);
  }

  @Test
  void offsetAndAtMoveTheSelectorsTime() {
    QueryEngine e = engine(COUNTER);
    assertThat(only(e.instant("c_total offset 1m", T0 + 600_000))).isEqualTo(540.0);
    assertThat(only(e.instant("c_total @ 1767225660", T0 + 600_000))).isEqualTo(60.0);
    assertThat(e.instant("c_total @ 60", T0 + 600_000).series())
        .as("@ 60 is long before the scenario: nothing")
        .isEmpty();
  }

  @Test
  void binaryOperatorsMatchAndTheirErrorsArePrometheuss() {
    String yaml =
        "interval: 15s\nmetrics:\n  - name: a\n    type: gauge\n    help: a\n"
            + "    labels: {i: [x, y]}\n    value: 2\n"
            + "  - name: b\n    type: gauge\n    help: b\n    labels: {i: [x, y], j: [p, q]}\n"
            + "    value: 3\n";
    QueryEngine e = engine(yaml);
    long t = T0 + 60_000;
    assertThat(e.instant("a * on(i) group_right b", t).series()).hasSize(4);
    assertThatThrownBy(() -> e.instant("a * on(i) b", t))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith(
            "found duplicate series for the match group {i=\"x\"} on the right hand-side of the"
                + " operation: [")
        .hasMessageEndingWith(
            "];many-to-many matching not allowed: matching labels must be unique on one side");
    assertThatThrownBy(() -> e.instant("a / ignoring(i) a", t))
        .hasMessage(
            "found duplicate series for the match group {} on the right hand-side of the"
                + " operation: [{__name__=\"a\", i=\"y\"}, {__name__=\"a\", i=\"x\"}];"
                + "many-to-many matching not allowed: matching labels must be unique on one side");
    assertThatThrownBy(
            () ->
                e.instant("sum by (i) (a) or label_replace(a, \"i\", \"x\", \"i\", \".*\") * 1", t))
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void anEmptyOnBesideAScalarIsDroppedAsInPrometheus() {
    // Found by the differential test: 0.5 + on() x was refused.
    QueryEngine e = engine(COUNTER);
    assertThat(only(e.instant("0.5 + on() c_total", T0 + 60_000))).isEqualTo(60.5);
  }

  @Test
  void topkKeepsTiesInTheOrderGosHeapDoes() {
    String yaml =
        "interval: 15s\nmetrics:\n  - name: a\n    type: gauge\n    help: a\n"
            + "    labels: {i: [x, y, z]}\n    value: 1\n";
    QueryResult r = engine(yaml).instant("topk(2, a)", T0);
    assertThat(r.series().stream().map(s -> s.labels().get("i")).toList())
        .containsExactly("x", "y");
  }

  @Test
  void clampOfNaNByInfinityIsInfinityAsGosMaxGives() {
    // Found by the differential test: Java's Math.max(NaN, Inf) is NaN, Go's is +Inf.
    QueryEngine e = engine(COUNTER);
    assertThat(only(e.instant("clamp_min(c_total * NaN, Inf)", T0))).isInfinite();
  }

  @Test
  void histogramQuantileOfANativeDeltaIgnoresBucketsLeftEmpty() {
    // Found by the differential test: after a rate or delta, Prometheus drops empty buckets, so
    // the 100th percentile is the top of the last bucket with observations.
    String yaml =
        "interval: 15s\nseed: 1\nmetrics:\n  - name: h\n    type: histogram\n    help: h\n"
            + "    rate: 10\n    distribution: {logNormal: {p50: 0.1, p99: 1}}\n"
            + "    native: {schema: 0}\n";
    QueryEngine e = engine(yaml);
    long t = T0 + 600_000;
    double q = only(e.instant("histogram_quantile(1, delta(h[5m]))", t));
    QueryResult raw = e.instant("delta(h[5m])", t);
    FloatHistogram h = raw.series().get(0).histogram(0);
    double top = 0;
    for (int i = 0; i < h.bucketCount(); i++) {
      if (h.bucketValue(i) > 0) {
        top = h.upper(i);
      }
    }
    assertThat(q).isLessThanOrEqualTo(top);
  }

  @Test
  void functionsNewerThanPrometheus242AreRefusedInASentence() {
    QueryEngine e = engine(COUNTER);
    assertThatThrownBy(() -> e.instant("mad_over_time(c_total[5m])", T0))
        .isInstanceOf(Unsupported.class)
        .hasMessage(
            "the function mad_over_time() is newer than Prometheus 2.42, whose semantics metricgen"
                + " follows");
    assertThatThrownBy(() -> e.instant("limitk(1, c_total)", T0)).isInstanceOf(Unsupported.class);
  }

  @Test
  void aQueryBeyondTheSampleLimitIsRefused() {
    CompiledScenario s = ScenarioLoader.compile("test.yaml", COUNTER, null);
    QueryEngine e =
        QueryEngine.builder(new ScenarioStorage(s, T0, Map.of())).maxSamples(10).build();
    assertThatThrownBy(() -> e.range("c_total", T0, T0 + 3_600_000, 15_000))
        .hasMessage("query processing would load too many samples into memory in query execution");
  }

  @Test
  void rangeQueriesRefuseWhatPrometheusRefuses() {
    QueryEngine e = engine(COUNTER);
    assertThatThrownBy(() -> e.range("c_total[5m]", T0, T0 + 60_000, 15_000))
        .hasMessage(
            "invalid expression type \"range vector\" for range query, must be Scalar or instant"
                + " Vector");
    assertThatThrownBy(() -> e.range("c_total", T0, T0 + 86_400_000L * 10, 15_000))
        .hasMessageStartingWith("exceeded maximum resolution of 11,000 points per timeseries");
    assertThatThrownBy(() -> e.instant("rate(c_total)", T0))
        .hasMessage(
            "invalid parameter \"query\": 1:1: parse error: expected type range vector in call to"
                + " function \"rate\", got instant vector");
  }

  @Test
  void theJsonIsPrometheussDocument() {
    QueryEngine e = engine(COUNTER);
    assertThat(ResultJson.success(e.instant("c_total", T0 + 15_000)))
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"__name__\":\"c_total\"},\"value\":[1767225615,\"15\"]}]}}");
    assertThat(ResultJson.success(e.range("c_total / 2", T0, T0 + 30_000, 15_000)))
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{},\"values\":[[1767225600,\"0\"],[1767225615,\"7.5\"],"
                + "[1767225630,\"15\"]]}]}}");
    assertThat(ResultJson.success(e.instant("1e-7", T0 + 500)))
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":"
                + "[1767225600.500,\"1e-07\"]}}");
    assertThat(ResultJson.error(QueryException.execution("x <y>")))
        .isEqualTo(
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"x \\u003cy\\u003e\"}");
  }

  @Test
  void numbersArePrintedAsGoPrintsThem() {
    // Java 17 writes 1.2339999999999999E22: one of the few doubles it gives too many digits.
    assertThat(GoFloat.json(1.234e22)).isEqualTo("1.234e+22");
    assertThat(GoFloat.json(5e-324)).isEqualTo("5e-324");
    assertThat(GoFloat.json(0.1)).isEqualTo("0.1");
    assertThat(GoFloat.json(1e21)).isEqualTo("1e+21");
    assertThat(GoFloat.json(123456789.5)).isEqualTo("123456789.5");
    assertThat(GoFloat.json(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.json(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(List.of(GoFloat.format(1e6, 'g'), GoFloat.format(123456, 'g')))
        .containsExactly("1e+06", "123456");
  }
}
