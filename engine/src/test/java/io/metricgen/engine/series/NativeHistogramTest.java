package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.Scenarios;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Native buckets and exemplars, held to the classic view of the same histogram. */
class NativeHistogramTest {

  /** Classic bounds that are powers of two, so they are bucket bounds at every schema too. */
  private static String scenario(String nativeYaml) {
    return "interval: 15s\nseed: 3\nmetrics:\n"
        + "  - name: h_seconds\n    type: histogram\n    rate: 40\n"
        + "    labels: {pod: [p0, p1]}\n"
        + "    buckets: [0.0625, 0.125, 0.25, 0.5, 1, 2, 4]\n"
        + "    distribution: {logNormal: {p50: 0.3, p99: 2.5}}\n"
        + "    native: "
        + nativeYaml
        + "\n    exemplars: {every: 30s, labels: {env: test}}\n";
  }

  @Test
  void nativeBucketsAgreeWithTheClassicOnesAtEveryStep() {
    for (String nativeYaml : List.of("{schema: 3}", "{schema: 0}", "{schema: 8, maxBuckets: 0}")) {
      MetricFamily f = Scenarios.compile(scenario(nativeYaml)).families().get(0);
      SeriesCursor c = f.cursor(f.series().get(1), 0);
      for (int k = 0; k < 2000; k++) {
        assertThat(c.next()).isEqualTo(SeriesCursor.PRESENT);
        double[] classic = c.values();
        NativeSample n = c.nativeSample();
        assertThat(n.count()).isEqualTo((long) classic[8]);
        assertThat(n.sum()).isEqualTo(classic[9]);
        long total = n.zeroCount();
        int bound = 0;
        for (int i = 0; i < n.size(); i++) {
          assertThat(n.bucketCount(i)).isPositive();
          if (i > 0) {
            assertThat(n.index(i)).isGreaterThan(n.index(i - 1));
          }
          // Before this bucket, all observations at or below each classic bound it passes: as
          // many as the classic bucket has, give or take the rounding of the native split (half
          // an observation per level of its tree, which is at most 20 deep).
          double upper = NativeLayout.upperBound(n.index(i), n.schema());
          while (bound < 7 && f.bounds()[bound] < upper) {
            assertThat(total)
                .as("le=%s at step %d (%s)", f.bounds()[bound], k, nativeYaml)
                .isCloseTo((long) classic[bound], org.assertj.core.data.Offset.offset(10L));
            bound++;
          }
          total += n.bucketCount(i);
        }
        assertThat(total).isEqualTo(n.count());
      }
    }
  }

  @Test
  void aBucketLimitLowersTheResolutionAndKeepsTheCounts() {
    MetricFamily fine = Scenarios.compile(scenario("{schema: 5, maxBuckets: 0}")).families().get(0);
    MetricFamily capped =
        Scenarios.compile(scenario("{schema: 5, maxBuckets: 20}")).families().get(0);
    SeriesCursor a = fine.cursor(fine.series().get(0), 0);
    SeriesCursor b = capped.cursor(capped.series().get(0), 0);
    Set<Integer> schemas = new HashSet<>();
    for (int k = 0; k < 5000; k++) {
      a.next();
      b.next();
      NativeSample n = b.nativeSample();
      assertThat(n.size()).isLessThanOrEqualTo(20);
      schemas.add(n.schema());
      // The capped buckets are the fine ones merged: compare counts at each capped bound.
      NativeSample m = a.nativeSample();
      long fineBelow = m.zeroCount();
      int j = 0;
      long cappedBelow = n.zeroCount();
      for (int i = 0; i < n.size(); i++) {
        cappedBelow += n.bucketCount(i);
        double upper = NativeLayout.upperBound(n.index(i), n.schema());
        while (j < m.size() && NativeLayout.upperBound(m.index(j), m.schema()) <= upper) {
          fineBelow += m.bucketCount(j++);
        }
        assertThat(cappedBelow).isEqualTo(fineBelow);
      }
    }
    assertThat(schemas).as("the resolution halves as the tails fill").hasSizeGreaterThan(1);
    assertThat(schemas).as("few observations fit at the declared schema").contains(5);
    assertThat(schemas).anyMatch(s -> s < 4);
  }

  @Test
  void aCursorOpenedMidwayHasTheSameBucketsAndExemplarsAsOneThatRanFromTheStart() {
    MetricFamily f = Scenarios.compile(scenario("{schema: 4}")).families().get(0);
    SeriesCursor full = f.cursor(f.series().get(0), 0);
    for (int k = 0; k < 777; k++) {
      full.next();
    }
    SeriesCursor resumed = f.cursor(f.series().get(0), 777);
    for (int k = 777; k < 900; k++) {
      full.next();
      resumed.next();
      assertThat(snapshot(resumed)).isEqualTo(snapshot(full));
    }
    SeriesCursor again =
        Scenarios.compile(scenario("{schema: 4}")).families().get(0).cursor(f.series().get(0), 899);
    again.next();
    assertThat(snapshot(again)).as("another compile of the same seed").isEqualTo(snapshot(full));
  }

  @Test
  void aCounterGivenByValueHasTheSameExemplarsOpenedMidway() {
    MetricFamily f =
        Scenarios.compile(
                "interval: 1m\nmetrics:\n  - name: c\n    type: counter\n"
                    + "    value: \"0+3x5 _x2 20+4x20\"\n    exemplars: {every: 2m}\n")
            .families()
            .get(0);
    List<String> full = new ArrayList<>();
    SeriesCursor c = f.cursor(f.series().get(0), 0);
    for (int k = 0; k < 20; k++) {
      c.next();
      full.add(describe(c.exemplar()));
    }
    assertThat(full.get(8)).as("the rise over the gap, 15 - 20, at step 8").endsWith(" 5.0");
    for (int start = 1; start < 20; start++) {
      SeriesCursor resumed = f.cursor(f.series().get(0), start);
      for (int k = start; k < 20; k++) {
        resumed.next();
        assertThat(describe(resumed.exemplar()))
            .as("from %d at %d", start, k)
            .isEqualTo(full.get(k));
      }
    }
  }

  private static String describe(ExemplarPlan.Exemplar e) {
    return e == null ? "none" : e.step() + " " + e.traceId() + " " + e.value();
  }

  @Test
  void exemplarsAreObservationsOfTheDistributionWithDistinctTraceIds() {
    MetricFamily f = Scenarios.compile(scenario("{schema: 3}")).families().get(0);
    SeriesCursor c = f.cursor(f.series().get(0), 0);
    List<Double> values = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int k = 0; k < 4000; k++) {
      c.next();
      ExemplarPlan.Exemplar e = c.exemplar();
      if (k == 0) {
        assertThat(e).as("nothing observed yet").isNull();
      }
      if (e != null && e.step() == k) {
        assertThat(k % 2).as("every 30s at 15s").isZero();
        assertThat(e.traceId()).matches("[0-9a-f]{32}");
        ids.add(e.traceId());
        values.add(e.value());
      }
    }
    assertThat(values).hasSize(1999);
    assertThat(ids).hasSize(1999);
    values.sort(null);
    assertThat(values.get(values.size() / 2))
        .isCloseTo(0.3, org.assertj.core.data.Percentage.withPercentage(8));
    assertThat(values.get((int) (values.size() * 0.99)))
        .isCloseTo(2.5, org.assertj.core.data.Percentage.withPercentage(20));
  }

  @Test
  void weightsPutTheirObservationsInTheNativeBucketOfEachMidpoint() {
    MetricFamily f =
        Scenarios.compile(
                "interval: 1m\nmetrics:\n  - name: w\n    type: histogram\n    rate: 1\n"
                    + "    buckets: [1, 3]\n    distribution: {weights: [1, 0, 3]}\n"
                    + "    native: {schema: 0}\n")
            .families()
            .get(0);
    SeriesCursor c = f.cursor(f.series().get(0), 0);
    for (int k = 0; k <= 40; k++) {
      c.next();
    }
    NativeSample n = c.nativeSample(); // 2400 observations: 600 at 0.5, 1800 at 3 (the +Inf atom)
    assertThat(n.count()).isEqualTo(2400);
    assertThat(n.size()).isEqualTo(2);
    assertThat(NativeLayout.upperBound(n.index(0), 0)).isEqualTo(0.5);
    assertThat(n.bucketCount(0)).isEqualTo(600);
    assertThat(NativeLayout.upperBound(n.index(1), 0)).isEqualTo(4.0);
    assertThat(n.bucketCount(1)).isEqualTo(1800);
  }

  private static String snapshot(SeriesCursor c) {
    NativeSample n = c.nativeSample();
    StringBuilder out = new StringBuilder(n.schema() + " " + n.zeroCount() + " " + n.count());
    for (int i = 0; i < n.size(); i++) {
      out.append(' ').append(n.index(i)).append(':').append(n.bucketCount(i));
    }
    ExemplarPlan.Exemplar e = c.exemplar();
    return out + (e == null ? "" : " " + e.step() + " " + e.traceId() + " " + e.value());
  }
}
