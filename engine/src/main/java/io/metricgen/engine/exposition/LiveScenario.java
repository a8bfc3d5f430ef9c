package io.metricgen.engine.exposition;

import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.NativeSample;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario running against a clock: the values at any moment are those of the step that moment
 * falls in, counting from {@code originMillis}. Moments must not go backwards. Thread-safe.
 */
public final class LiveScenario {

  private final CompiledScenario scenario;
  private final long originMillis;
  private final List<FamilyState> families = new ArrayList<>();
  private long step = -1;

  private record FamilyState(MetricFamily family, SeriesCursor[] cursors, int[] status) {}

  public LiveScenario(CompiledScenario scenario, long originMillis) {
    this.scenario = scenario;
    this.originMillis = originMillis;
    for (MetricFamily f : scenario.families()) {
      SeriesCursor[] cursors = new SeriesCursor[f.series().size()];
      int[] status = new int[cursors.length];
      java.util.Arrays.fill(status, SeriesCursor.ABSENT);
      families.add(new FamilyState(f, cursors, status));
    }
  }

  /** The step {@code nowMillis} falls in. */
  public long stepAt(long nowMillis) {
    return Math.max(0, Math.floorDiv(nowMillis - originMillis, scenario.intervalMillis()));
  }

  /**
   * The values at {@code nowMillis}, as the Prometheus client's snapshots (no timestamps), with the
   * latest exemplar of each series.
   *
   * @param nativeHistograms whether the format carries native histograms (protobuf); then a
   *     native-only histogram has no classic buckets, as client libraries expose it
   */
  public synchronized MetricSnapshots snapshotAt(long nowMillis, boolean nativeHistograms) {
    advanceTo(stepAt(nowMillis));
    List<MetricSnapshot> out = new ArrayList<>();
    for (FamilyState state : families) {
      out.add(snapshot(state, nativeHistograms));
    }
    return new MetricSnapshots(out);
  }

  /** The exemplar a series shows, as the client's model has it; null when none. */
  private Exemplar exemplar(MetricFamily f, SeriesCursor cursor) {
    ExemplarPlan.Exemplar e = cursor.exemplar();
    if (e == null) {
      return null;
    }
    return Exemplar.builder()
        .value(e.value())
        .labels(f.exemplars().fixedLabels().add(ExemplarPlan.TRACE_ID, e.traceId()))
        .timestampMillis(originMillis + e.step() * scenario.intervalMillis())
        .build();
  }

  private void advanceTo(long target) {
    if (step < 0) {
      // The first moment may be far from time 0 (a generator continuing a backfilled history):
      // the cursors start there rather than step through everything before it.
      for (FamilyState state : families) {
        for (int i = 0; i < state.cursors.length; i++) {
          state.cursors[i] = state.family.cursor(state.family.series().get(i), target);
        }
      }
      step = target - 1;
    }
    while (step < target) {
      step++;
      for (FamilyState state : families) {
        for (int i = 0; i < state.cursors.length; i++) {
          state.status[i] = state.cursors[i].next();
        }
      }
    }
  }

  private MetricSnapshot snapshot(FamilyState state, boolean nativeHistograms) {
    MetricFamily f = state.family;
    List<Series> series = f.series();
    switch (f.type()) {
      case GAUGE -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name());
        metadata(b, f);
        for (int i = 0; i < series.size(); i++) {
          if (state.status[i] == SeriesCursor.PRESENT) {
            b.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(series.get(i).labels())
                    .value(state.cursors[i].values()[0])
                    .build());
          }
        }
        return b.build();
      }
      case COUNTER -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name());
        metadata(b, f);
        for (int i = 0; i < series.size(); i++) {
          if (state.status[i] == SeriesCursor.PRESENT) {
            b.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(series.get(i).labels())
                    .value(state.cursors[i].values()[0])
                    .exemplar(exemplar(f, state.cursors[i]))
                    .build());
          }
        }
        return b.build();
      }
      case HISTOGRAM -> {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(f.name());
        metadata(b, f);
        double[] bounds = f.bounds();
        double[] upper = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        upper[bounds.length] = Double.POSITIVE_INFINITY;
        for (int i = 0; i < series.size(); i++) {
          if (state.status[i] == SeriesCursor.PRESENT) {
            SeriesCursor cursor = state.cursors[i];
            double[] v = cursor.values();
            HistogramSnapshot.HistogramDataPointSnapshot.Builder point =
                HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(series.get(i).labels());
            NativeSample n = nativeHistograms ? cursor.nativeSample() : null;
            if (n != null) {
              int[] indexes = new int[n.size()];
              long[] counts = new long[n.size()];
              for (int j = 0; j < indexes.length; j++) {
                indexes[j] = n.index(j);
                counts[j] = n.bucketCount(j);
              }
              point
                  .nativeSchema(n.schema())
                  .nativeZeroThreshold(n.zeroThreshold())
                  .nativeZeroCount(n.zeroCount())
                  .nativeBucketsForPositiveValues(NativeHistogramBuckets.of(indexes, counts));
            }
            if (n == null || f.classicWhereNative()) {
              long[] counts = new long[upper.length];
              for (int j = 0; j < upper.length; j++) {
                counts[j] = (long) v[j] - (j == 0 ? 0 : (long) v[j - 1]);
              }
              point.classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts));
            }
            Exemplar e = exemplar(f, cursor);
            if (e != null) {
              point.exemplars(Exemplars.of(e));
            }
            point.sum(v[upper.length + 1]);
            b.dataPoint(point.build());
          }
        }
        return b.build();
      }
      case SUMMARY -> {
        SummarySnapshot.Builder b = SummarySnapshot.builder().name(f.name());
        metadata(b, f);
        double[] q = f.quantiles();
        for (int i = 0; i < series.size(); i++) {
          if (state.status[i] == SeriesCursor.PRESENT) {
            double[] v = state.cursors[i].values();
            List<Quantile> quantiles = new ArrayList<>();
            for (int j = 0; j < q.length; j++) {
              quantiles.add(new Quantile(q[j], v[j]));
            }
            b.dataPoint(
                SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .labels(series.get(i).labels())
                    .quantiles(Quantiles.of(quantiles))
                    .count((long) v[q.length])
                    .sum(v[q.length + 1])
                    .build());
          }
        }
        return b.build();
      }
      default -> throw new IllegalStateException("unknown type " + f.type());
    }
  }

  private static void metadata(MetricSnapshot.Builder<?> b, MetricFamily f) {
    if (f.help() != null) {
      b.help(f.help());
    }
    if (f.unit() != null) {
      b.unit(new Unit(f.unit()));
    }
  }
}
