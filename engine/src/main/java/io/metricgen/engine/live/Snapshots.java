package io.metricgen.engine.live;

import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.NativeSample;
import io.metricgen.engine.series.SeriesCursor;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/** The Prometheus client's snapshots of a live scenario's current samples. */
final class Snapshots {

  private final long originMillis;

  Snapshots(long originMillis) {
    this.originMillis = originMillis;
  }

  /** Every series of {@code families} as it stands, for people to look at. */
  static List<LiveSeries> series(List<FamilyState> families) {
    List<LiveSeries> out = new ArrayList<>();
    for (FamilyState state : families) {
      MetricFamily f = state.family();
      int shown =
          switch (f.type()) {
            case GAUGE, COUNTER -> 0;
            case HISTOGRAM -> f.bounds().length + 1;
            case SUMMARY -> f.quantiles().length;
          };
      for (SeriesState s : state.series()) {
        double value =
            s.status == SeriesCursor.PRESENT && s.cursor != null
                ? s.cursor.values()[shown]
                : Double.NaN;
        out.add(
            new LiveSeries(
                f.name(),
                f.type(),
                s.series.labels(),
                value,
                s.incident == null ? null : s.incident.id()));
      }
    }
    return out;
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
        .timestampMillis(originMillis + e.step() * f.intervalMillis())
        .build();
  }

  MetricSnapshot snapshot(FamilyState state, boolean nativeHistograms) {
    MetricFamily f = state.family();
    SeriesState[] series = state.series();
    switch (f.type()) {
      case GAUGE -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name());
        metadata(b, f);
        for (int i = 0; i < series.length; i++) {
          if (state.series()[i].status == SeriesCursor.PRESENT) {
            b.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(series[i].series.labels())
                    .value(state.series()[i].cursor.values()[0])
                    .build());
          }
        }
        return b.build();
      }
      case COUNTER -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name());
        metadata(b, f);
        for (int i = 0; i < series.length; i++) {
          if (state.series()[i].status == SeriesCursor.PRESENT) {
            b.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(series[i].series.labels())
                    .value(state.series()[i].cursor.values()[0])
                    .exemplar(exemplar(f, state.series()[i].cursor))
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
        for (int i = 0; i < series.length; i++) {
          if (state.series()[i].status == SeriesCursor.PRESENT) {
            SeriesCursor cursor = state.series()[i].cursor;
            double[] v = cursor.values();
            HistogramSnapshot.HistogramDataPointSnapshot.Builder point =
                HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(series[i].series.labels());
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
        for (int i = 0; i < series.length; i++) {
          if (state.series()[i].status == SeriesCursor.PRESENT) {
            double[] v = state.series()[i].cursor.values();
            List<Quantile> quantiles = new ArrayList<>();
            for (int j = 0; j < q.length; j++) {
              quantiles.add(new Quantile(q[j], v[j]));
            }
            b.dataPoint(
                SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .labels(series[i].series.labels())
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
