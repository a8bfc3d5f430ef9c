package io.metricgen.engine.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.testing.Scenarios;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is edited and whatever incident runs, what counts never falls: each counter, and each
 * histogram bucket, count and sum, is at least what it was at the scrape before while it stays (a
 * bucket an edit removes and a later one adds back is a new series), and a histogram's buckets stay
 * cumulative. (The scenarios here declare no resets.)
 */
class LiveScenarioPropertiesTest {

  /** One version of the scenario: a counter's rate, a histogram's rate, buckets and scale. */
  record Version(int rate, int observations, int buckets, int median, boolean byValue) {
    String yaml() {
      String bounds =
          switch (buckets) {
            case 0 -> "[0.1, 0.5, 1]";
            case 1 -> "[0.05, 0.1, 0.25, 0.5, 1, 2.5]";
            default -> "[0.5]";
          };
      return "interval: 15s\nmetrics:\n"
          + "  - name: c\n    type: counter\n    labels: {k: [a, b]}\n"
          + (byValue ? "    value: \"0+" + rate + "x100000\"\n" : "    rate: " + rate + "\n")
          + "  - name: h\n    type: histogram\n    buckets: "
          + bounds
          + "\n    rate: "
          + observations
          + "\n    distribution: {logNormal: {p50: 0."
          + median
          + ", p99: 2}}\n";
    }
  }

  /** At a minute of the run: a new version, an incident, or a scrape. */
  record Event(int minute, Version version, String incident) {}

  @Property(tries = 150)
  void nothingThatCountsEverFalls(@ForAll("runs") List<Event> events) {
    LiveScenario live = new LiveScenario(Scenarios.compile(events.get(0).version().yaml()), 0);
    Map<String, Double> last = new HashMap<>();
    int minute = 0;
    for (Event e : events) {
      minute += e.minute();
      long now = minute * 60_000L + 1;
      if (e.version() != null) {
        live.replace(Scenarios.compile(e.version().yaml()), now);
      }
      if (e.incident() != null) {
        try {
          live.start(IncidentCompiler.compile("i", e.incident(), 15_000), now);
        } catch (IllegalStateException busy) {
          // One incident per series at a time.
        }
      }
      Map<String, Double> seen = new HashMap<>();
      for (MetricSnapshot s : live.snapshotAt(now, false)) {
        if (s instanceof CounterSnapshot c) {
          for (var p : c.getDataPoints()) {
            check(last, seen, "c" + p.getLabels(), p.getValue());
          }
        } else if (s instanceof HistogramSnapshot h) {
          var p = h.getDataPoints().get(0);
          var b = p.getClassicBuckets();
          long cumulative = 0;
          for (int i = 0; i < b.size(); i++) {
            cumulative += b.getCount(i);
            assertThat(b.getCount(i)).as("bucket %s", b.getUpperBound(i)).isNotNegative();
            check(last, seen, "h le=" + b.getUpperBound(i), cumulative);
          }
          check(last, seen, "h count", p.getCount());
          check(last, seen, "h sum", p.getSum());
        }
      }
      last.clear();
      last.putAll(seen);
    }
  }

  private static void check(
      Map<String, Double> last, Map<String, Double> seen, String key, double value) {
    Double before = last.get(key);
    if (before != null) {
      assertThat(value).as(key).isGreaterThanOrEqualTo(before);
    }
    seen.put(key, value);
  }

  @Provide
  Arbitrary<List<Event>> runs() {
    Arbitrary<Version> versions =
        Combinators.combine(
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 9),
                Arbitraries.of(true, false))
            .as(Version::new);
    Arbitrary<String> incidents =
        Arbitraries.of(
            "{metric: c, shape: 100, for: 2m}",
            "{metric: c_total, labels: {k: a}, shape: {linear: {from: 0, to: 50, over: 1m}},"
                + " mode: replace, for: 3m}",
            "{metric: h, scale: 5, for: 1m}",
            "{metric: h, shape: 30, scale: {sine: {period: 1m, amplitude: 1, offset: 2}},"
                + " mode: replace, for: 4m}");
    Arbitrary<Event> event =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                versions.injectNull(0.5),
                incidents.injectNull(0.6))
            .as(Event::new);
    return Combinators.combine(versions, event.list().ofMinSize(1).ofMaxSize(25))
        .as(
            (first, rest) -> {
              List<Event> out = new java.util.ArrayList<>();
              out.add(new Event(0, first, null));
              out.addAll(rest);
              return out;
            });
  }
}
