package io.metricgen.engine.live;

import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.testing.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What an edit of a running scenario costs: N series (N/2 counters, N/2 gauges, in 10 metrics), run
 * for a day at 15 s, then one metric's rate changed, then an incident on another; and a scrape
 * after each. Run with:
 *
 * <pre>./mvnw -B test -pl engine -Dtest=LiveEditBenchmark -Dmetricgen.benchmark=10000</pre>
 */
@EnabledIfSystemProperty(named = "metricgen.benchmark", matches = "\\d+")
class LiveEditBenchmark {

  private static String scenario(int n, int rate) {
    StringBuilder out = new StringBuilder("interval: 15s\nmaxSeries: 100000\nmetrics:\n");
    int per = n / 10;
    for (int m = 0; m < 10; m++) {
      out.append("  - name: m").append(m).append('\n');
      out.append(m % 2 == 0 ? "    type: counter\n" : "    type: gauge\n");
      out.append("    labels: {instance: [");
      for (int i = 0; i < per; i++) {
        out.append(i == 0 ? "" : ", ").append("i").append(i);
      }
      out.append("]}\n");
      out.append(
          m % 2 == 0
              ? "    rate: {uniform: {min: 1, max: " + (m == 0 ? rate : 3) + "}}\n"
              : "    value: {sine: {period: 1h, amplitude: 5, offset: 20}, noise: 1}\n");
    }
    return out.toString();
  }

  @Test
  void editAndIncident() {
    int n = Integer.parseInt(System.getProperty("metricgen.benchmark"));
    long day = 86_400_000L;
    for (int round = 0; round < 3; round++) {
      LiveScenario live = new LiveScenario(Scenarios.compile(scenario(n, 3)), 0);
      live.snapshotAt(day, false);
      CompiledScenario edited = Scenarios.compile(scenario(n, 30));
      long t0 = System.nanoTime();
      Edit edit = live.replace(edited, day + 1);
      long t1 = System.nanoTime();
      live.snapshotAt(day + 15_000, false);
      long t2 = System.nanoTime();
      live.start(
          IncidentCompiler.compile("i", "{metric: m1, shape: 100, for: 10m}", 15_000),
          day + 15_001);
      long t3 = System.nanoTime();
      live.snapshotAt(day + 30_000, false);
      long t4 = System.nanoTime();
      System.out.printf(
          "%d series: replace %.1f ms (%s), next scrape %.1f ms, incident on %d series %.1f ms,"
              + " next scrape %.1f ms%n",
          n,
          (t1 - t0) / 1e6,
          edit.summary(),
          (t2 - t1) / 1e6,
          n / 10,
          (t3 - t2) / 1e6,
          (t4 - t3) / 1e6);
    }
  }
}
