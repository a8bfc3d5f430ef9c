package io.metricgen.engine.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.testing.Scenarios;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveScenarioTest {

  private static final long MINUTE = 60_000;

  private static final String BASE =
      """
      interval: 1m
      metrics:
        - name: requests
          type: counter
          labels: {code: ["200", "500"]}
          rate: {uniform: {min: 1, max: 3}}
        - name: temperature
          type: gauge
          value: {sine: {period: 10m, amplitude: 5, offset: 20}}
        - name: latency_seconds
          type: histogram
          buckets: [0.1, 0.5, 1]
          rate: 10
          distribution: {logNormal: {p50: 0.2, p99: 0.9}}
      """;

  /** The value of series {@code labels} of {@code metric} at minute {@code m}; NaN if absent. */
  private static double value(LiveScenario live, long m, String metric, Labels labels) {
    return live.seriesAt(m * MINUTE).stream()
        .filter(s -> s.metric().equals(metric) && s.labels().equals(labels))
        .mapToDouble(LiveSeries::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static boolean exists(LiveScenario live, long m, String metric) {
    return live.seriesAt(m * MINUTE).stream().anyMatch(s -> s.metric().equals(metric));
  }

  @Test
  void unchangedSeriesRunOnExactlyAsIfNothingHadBeenEdited() {
    CompiledScenario base = Scenarios.compile(BASE);
    LiveScenario edited = new LiveScenario(base, 0);
    LiveScenario untouched = new LiveScenario(Scenarios.compile(BASE), 0);
    Labels ok = Labels.of("code", "200");
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (long m = 0; m < 30; m++) {
      if (m == 10) {
        // Another metric changes, a label value is added, help text changes: none of it touches
        // requests{code="200"}.
        Edit edit =
            edited.replace(
                Scenarios.compile(
                    BASE.replace("[\"200\", \"500\"]", "[\"200\", \"500\", \"503\"]")
                        .replace("offset: 20", "offset: 40")
                        .replace("type: counter", "type: counter\n    help: Requests.")),
                m * MINUTE);
        assertThat(edit.added()).isEqualTo(1);
        assertThat(edit.changed()).isEqualTo(1);
        assertThat(edit.unchanged()).isEqualTo(3);
        assertThat(edit.metrics()).containsExactly("requests", "temperature");
      }
      a.add(value(edited, m, "requests", ok));
      b.add(value(untouched, m, "requests", ok));
    }
    assertThat(a).isEqualTo(b);
  }

  @Test
  void aCounterWhoseRateChangesCountsOnFromItsValue() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    Labels ok = Labels.of("code", "200");
    double before = value(live, 20, "requests", ok);
    live.replace(
        Scenarios.compile(BASE.replace("{uniform: {min: 1, max: 3}}", "100")), 20 * MINUTE);
    assertThat(value(live, 20, "requests", ok)).isEqualTo(before);
    // 100 per second, 60 s a step.
    assertThat(value(live, 21, "requests", ok)).isEqualTo(before + 6000);
    assertThat(value(live, 25, "requests", ok)).isEqualTo(before + 5 * 6000);
  }

  @Test
  void aHistogramWhoseRateAndBucketsShiftKeepsEveryBucketRising() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    double[] last = buckets(live, 15);
    live.replace(
        Scenarios.compile(BASE.replace("rate: 10", "rate: 50").replace("p50: 0.2", "p50: 0.6")),
        15 * MINUTE);
    for (long m = 15; m < 40; m++) {
      double[] now = buckets(live, m);
      for (int i = 0; i < now.length; i++) {
        assertThat(now[i]).as("bucket %d at minute %d", i, m).isGreaterThanOrEqualTo(last[i]);
        if (i > 0) {
          assertThat(now[i]).as("cumulative at minute %d", m).isGreaterThanOrEqualTo(now[i - 1]);
        }
      }
      last = now;
    }
    assertThat(last[last.length - 1])
        .isGreaterThan(buckets(new LiveScenario(Scenarios.compile(BASE), 0), 39)[last.length - 1]);
  }

  private static double[] buckets(LiveScenario live, long m) {
    for (MetricSnapshot s : live.snapshotAt(m * MINUTE, false)) {
      if (s instanceof HistogramSnapshot h) {
        var b = h.getDataPoints().get(0).getClassicBuckets();
        double[] out = new double[b.size()];
        long sum = 0;
        for (int i = 0; i < out.length; i++) {
          sum += b.getCount(i);
          out[i] = sum;
        }
        return out;
      }
    }
    throw new AssertionError("no histogram");
  }

  @Test
  void newBucketsKeepTheCountTheSumAndEveryBucketWhoseBoundStays() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    double[] before = buckets(live, 10);
    double sum = sum(live, 10);
    live.replace(
        Scenarios.compile(BASE.replace("[0.1, 0.5, 1]", "[0.1, 0.25, 0.5, 1, 2]")), 10 * MINUTE);
    double[] after = buckets(live, 10);
    // le: 0.1, 0.25 (new: what 0.1 held), 0.5, 1, 2 (new: what 1 held), +Inf.
    assertThat(after)
        .containsExactly(before[0], before[0], before[1], before[2], before[2], before[3]);
    assertThat(sum(live, 10)).isEqualTo(sum);
    double[] later = buckets(live, 11);
    assertThat(later[5] - after[5]).isEqualTo(600);
  }

  private static double sum(LiveScenario live, long m) {
    for (MetricSnapshot s : live.snapshotAt(m * MINUTE, false)) {
      if (s instanceof HistogramSnapshot h) {
        return h.getDataPoints().get(0).getSum();
      }
    }
    throw new AssertionError("no histogram");
  }

  @Test
  void aNativeHistogramWhoseRateChangesStartsFromItsBucketsAndAddsToThem() {
    String yaml =
        "interval: 1m\nmetrics:\n  - name: n\n    type: histogram\n    rate: 7\n"
            + "    native: {schema: 3}\n    distribution: {logNormal: {p50: 0.2, p99: 3}}\n";
    LiveScenario live = new LiveScenario(Scenarios.compile(yaml), 0);
    HistogramSnapshot.HistogramDataPointSnapshot before = nativePoint(live, 10);
    live.replace(Scenarios.compile(yaml.replace("rate: 7", "rate: 13")), 10 * MINUTE);
    HistogramSnapshot.HistogramDataPointSnapshot edited = nativePoint(live, 10);
    assertThat(reduced(edited, edited.getNativeSchema()))
        .isEqualTo(reduced(before, before.getNativeSchema()));
    assertThat(edited.getNativeZeroCount()).isEqualTo(before.getNativeZeroCount());
    // Every later sample is the one before the edit plus what the new rate observed since,
    // bucket by bucket (at the coarser schema): none of its buckets is below where it was.
    for (long m = 11; m < 20; m++) {
      HistogramSnapshot.HistogramDataPointSnapshot now = nativePoint(live, m);
      assertThat(now.getNativeSchema()).isLessThanOrEqualTo(before.getNativeSchema());
      Map<Integer, Long> was = reduced(before, now.getNativeSchema());
      Map<Integer, Long> is = reduced(now, now.getNativeSchema());
      for (var e : was.entrySet()) {
        assertThat(is.getOrDefault(e.getKey(), 0L))
            .as("bucket %d at minute %d", e.getKey(), m)
            .isGreaterThanOrEqualTo(e.getValue());
      }
      assertThat(now.getCount()).isEqualTo(before.getCount() + (m - 10) * 13 * 60);
      long buckets = now.getNativeZeroCount();
      for (long c : is.values()) {
        buckets += c;
      }
      assertThat(buckets).isEqualTo(now.getCount());
    }
  }

  private static HistogramSnapshot.HistogramDataPointSnapshot nativePoint(
      LiveScenario live, long m) {
    for (MetricSnapshot s : live.snapshotAt(m * MINUTE, true)) {
      if (s instanceof HistogramSnapshot h) {
        return h.getDataPoints().get(0);
      }
    }
    throw new AssertionError("no histogram");
  }

  /** A native histogram's buckets (index to count) at {@code schema}, as Prometheus reduces. */
  private static Map<Integer, Long> reduced(
      HistogramSnapshot.HistogramDataPointSnapshot p, int schema) {
    Map<Integer, Long> out = new java.util.TreeMap<>();
    var b = p.getNativeBucketsForPositiveValues();
    for (int i = 0; i < b.size(); i++) {
      int index = ((b.getBucketIndex(i) - 1) >> (p.getNativeSchema() - schema)) + 1;
      out.merge(index, b.getCount(i), Long::sum);
    }
    return out;
  }

  @Test
  void aNewIntervalContinuesEveryCounterAtItsOwnPace() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    Labels ok = Labels.of("code", "200");
    double before = value(live, 10, "requests", ok);
    live.replace(Scenarios.compile(BASE.replace("interval: 1m", "interval: 30s")), 10 * MINUTE);
    assertThat(value(live, 10, "requests", ok)).isEqualTo(before);
    double next =
        live.seriesAt(10 * MINUTE + 30_000).stream()
            .filter(x -> x.metric().equals("requests") && x.labels().equals(ok))
            .findFirst()
            .orElseThrow()
            .value();
    // 1 to 3 per second over 30 s.
    assertThat(next - before).isBetween(30.0, 90.0);
  }

  @Test
  void aMetricWhoseTypeChangesStartsAnew() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    assertThat(value(live, 10, "temperature", Labels.EMPTY)).isGreaterThan(10);
    live.replace(
        Scenarios.compile(
            BASE.replace(
                "type: gauge\n    value: {sine: {period: 10m, amplitude: 5, offset: 20}}",
                "type: counter\n    rate: 1")),
        10 * MINUTE);
    assertThat(value(live, 10, "temperature", Labels.EMPTY)).isZero();
    assertThat(value(live, 11, "temperature", Labels.EMPTY)).isEqualTo(60);
  }

  @Test
  void addedSeriesStartAtTheEditAndRemovedOnesGo() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    value(live, 5, "requests", Labels.of("code", "200"));
    live.replace(
        Scenarios.compile(
            BASE.replace(
                    "  - name: temperature\n    type: gauge\n"
                        + "    value: {sine: {period: 10m, amplitude: 5, offset: 20}}\n",
                    "")
                + "  - name: errors\n    type: counter\n    rate: 1\n"),
        5 * MINUTE);
    assertThat(exists(live, 5, "temperature")).isFalse();
    assertThat(value(live, 5, "errors", Labels.EMPTY)).isZero();
    assertThat(value(live, 6, "errors", Labels.EMPTY)).isEqualTo(60);
  }

  @Test
  void anIncidentAddsItsShapeForItsDurationThenTheSeriesFollowsItsDefinitionAgain() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    LiveScenario reference = new LiveScenario(Scenarios.compile(BASE), 0);
    value(live, 3, "temperature", Labels.EMPTY);
    Incident incident =
        live.start(
            IncidentCompiler.compile(
                "incident", "{metric: temperature, shape: 100, for: 5m}", MINUTE),
            3 * MINUTE);
    assertThat(incident.series()).isEqualTo(1);
    for (long m = 3; m < 12; m++) {
      double expected = value(reference, m, "temperature", Labels.EMPTY) + (m < 8 ? 100 : 0);
      assertThat(value(live, m, "temperature", Labels.EMPTY))
          .as("minute %d", m)
          .isEqualTo(expected);
    }
    // Over with its last step: the gauge is back, and the incident says so at the same time.
    LiveScenario again = new LiveScenario(Scenarios.compile(BASE), 0);
    again.start(
        IncidentCompiler.compile("incident", "{metric: temperature, shape: 100, for: 5m}", MINUTE),
        3 * MINUTE);
    assertThat(again.incidents(7 * MINUTE).get(0).state()).isEqualTo("running");
    assertThat(again.incidents(8 * MINUTE).get(0).state()).isEqualTo("ended");
    assertThat(live.incidents(12 * MINUTE))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo("ended"));
  }

  @Test
  void anIncidentOnACounterRaisesItsRateAndItNeverFalls() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    Labels errors = Labels.of("code", "500");
    double before = value(live, 10, "requests", errors);
    live.start(
        IncidentCompiler.compile(
            "incident",
            "{metric: requests_total, labels: {code: \"500\"}, shape: 50, mode: replace, for: 3m}",
            MINUTE),
        10 * MINUTE);
    assertThat(value(live, 10, "requests", errors)).isEqualTo(before);
    assertThat(value(live, 13, "requests", errors)).isEqualTo(before + 3 * 3000);
    double last = before;
    for (long m = 10; m < 28; m++) {
      double v = value(live, m, "requests", errors);
      assertThat(v).isGreaterThanOrEqualTo(last);
      last = v;
    }
    // After the incident its own rate (1 to 3 per second) again.
    double v28 = value(live, 28, "requests", errors);
    double rise = value(live, 29, "requests", errors) - v28;
    assertThat(rise).isBetween(60.0, 180.0);
  }

  @Test
  void aCounterGivenByValueRisesByAnIncidentAsByARateAndGoesOnAfter() {
    String yaml =
        "interval: 1m\nmetrics:\n  - name: jobs\n    type: counter\n    value: 0+10x1000\n";
    LiveScenario live = new LiveScenario(Scenarios.compile(yaml), 0);
    assertThat(value(live, 4, "jobs", Labels.EMPTY)).isEqualTo(40);
    live.start(
        IncidentCompiler.compile("i", "{metric: jobs, shape: 1, for: 2m}", MINUTE), 4 * MINUTE);
    assertThat(value(live, 5, "jobs", Labels.EMPTY)).isEqualTo(40 + 10 + 60);
    assertThat(value(live, 6, "jobs", Labels.EMPTY)).isEqualTo(40 + 20 + 120);
    // Ended: its own rise of 10 a step, on from 180.
    assertThat(value(live, 7, "jobs", Labels.EMPTY)).isEqualTo(190);
    assertThat(value(live, 8, "jobs", Labels.EMPTY)).isEqualTo(200);
  }

  @Test
  void aLatencyIncidentScalesAHistogramsObservationsAndItsBucketsStillOnlyRise() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    double[] before = buckets(live, 10);
    live.start(
        IncidentCompiler.compile("i", "{metric: latency_seconds, scale: 4, for: 5m}", MINUTE),
        10 * MINUTE);
    double[] during = buckets(live, 15);
    double[] after = buckets(live, 25);
    // Within the incident the step's new observations sit 4 times higher: few under 0.1 s
    // (p50 0.2 s becomes 0.8 s), most under 1 s still.
    double added = during[3] - before[3];
    double addedUnderTenth = during[0] - before[0];
    assertThat(added).isEqualTo(5 * 600);
    assertThat(addedUnderTenth / added).isLessThan(0.05);
    LiveScenario plain = new LiveScenario(Scenarios.compile(BASE), 0);
    double[] p10 = buckets(plain, 10);
    double[] p15 = buckets(plain, 15);
    // Without it, about 14 % of them are under 0.1 s.
    assertThat((p15[0] - p10[0]) / (p15[3] - p10[3])).isGreaterThan(0.1);
    // After it, the base distribution again, and nothing ever fell.
    for (int i = 0; i < after.length; i++) {
      assertThat(after[i]).isGreaterThanOrEqualTo(during[i]);
      assertThat(during[i]).isGreaterThanOrEqualTo(before[i]);
    }
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    live.start(
                        IncidentCompiler.compile(
                            "i", "{metric: temperature, scale: 2, for: 5m}", MINUTE),
                        26 * MINUTE)))
        .hasMessageStartingWith("scale: is for histograms and summaries");
  }

  @Test
  void aStoppedIncidentEndsAtOnceAndOverlappingOnesAreRefused() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    Incident i =
        live.start(
            IncidentCompiler.compile("i", "{metric: temperature, shape: 1000, for: 1h}", MINUTE),
            2 * MINUTE);
    assertThat(value(live, 3, "temperature", Labels.EMPTY)).isGreaterThan(900);
    assertThatThrownBy(
            () ->
                live.start(
                    IncidentCompiler.compile(
                        "i", "{metric: temperature, shape: 1, for: 1h}", MINUTE),
                    3 * MINUTE))
        .hasMessageContaining("already runs incident " + i.id());
    assertThat(live.stop(i.id(), 4 * MINUTE)).isTrue();
    assertThat(value(live, 4, "temperature", Labels.EMPTY)).isLessThan(30);
    assertThat(live.stop(i.id(), 4 * MINUTE)).isFalse();
    assertThatThrownBy(
            () ->
                live.start(
                    IncidentCompiler.compile("i", "{metric: nope, shape: 1, for: 1h}", MINUTE),
                    5 * MINUTE))
        .hasMessageContaining("no metric \"nope\"");
  }

  @Test
  void anIncidentGoesOnOverAnEditOfItsMetricAndEndsWhenTheMetricGoes() {
    LiveScenario live = new LiveScenario(Scenarios.compile(BASE), 0);
    live.start(
        IncidentCompiler.compile("i", "{metric: temperature, shape: 1000, for: 1h}", MINUTE),
        1 * MINUTE);
    live.replace(Scenarios.compile(BASE.replace("offset: 20", "offset: 0")), 2 * MINUTE);
    assertThat(value(live, 3, "temperature", Labels.EMPTY)).isBetween(990.0, 1010.0);
    Edit edit =
        live.replace(
            Scenarios.compile(
                BASE.replace(
                    "  - name: temperature\n    type: gauge\n"
                        + "    value: {sine: {period: 10m, amplitude: 5, offset: 20}}\n",
                    "")),
            4 * MINUTE);
    assertThat(edit.droppedIncidents()).containsExactly("i1");
    assertThat(live.incidents(5 * MINUTE))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo("dropped"));
  }
}
