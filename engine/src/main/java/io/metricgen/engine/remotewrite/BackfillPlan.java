package io.metricgen.engine.remotewrite;

import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The series one backfill run writes (its shard's share of the scenario), each with the labels of
 * its TimeSeries encoded once for every request: what is fixed for the whole run.
 */
final class BackfillPlan {

  /**
   * One series and the TimeSeries it becomes in a request: one per float line (a classic sample
   * name: the value, or each bucket, count and sum), then its native histogram's, if it has one,
   * then, if that histogram records exemplars, a second TimeSeries of the same labels for them
   * (Prometheus appends a TimeSeries' exemplars before its histograms, and drops those of a series
   * that does not exist yet).
   *
   * @param floatLabels the encoded labels of each float line
   * @param nativeLabels the encoded labels of the native histogram's line, or null
   * @param exemplarLabels an exemplar's fixed labels, to which its trace_id is added; null when the
   *     series records none
   * @param bounds a classic histogram's bucket bounds, whose lines take its exemplars; else null
   */
  record SeriesLines(
      SeriesCursor cursor,
      List<byte[]> floatLabels,
      byte[] nativeLabels,
      List<Label> exemplarLabels,
      double[] bounds) {

    boolean hasNative() {
      return nativeLabels != null;
    }

    /** Whether exemplars go in a TimeSeries of their own after the native histogram's. */
    boolean nativeExemplars() {
      return nativeLabels != null && exemplarLabels != null;
    }

    /** The TimeSeries this series makes in a request, at most. */
    int timeSeries() {
      return floatLabels.size() + (hasNative() ? 1 : 0) + (nativeExemplars() ? 1 : 0);
    }

    /** Samples per step with a sample (exemplars aside). */
    int samplesPerStep() {
      return floatLabels.size() + (hasNative() ? 1 : 0);
    }

    /**
     * The float line an exemplar goes with: a counter's one line, or the classic bucket that holds
     * its value (the lowest bound at or above it, else +Inf), as client libraries place them.
     */
    int exemplarLine(double value) {
      if (floatLabels.size() == 1 || bounds == null) {
        return 0;
      }
      int i = 0;
      while (i < bounds.length && bounds[i] < value) {
        i++;
      }
      return i;
    }
  }

  private final List<SeriesLines> series;
  private final long samplesPerStep;

  private BackfillPlan(List<SeriesLines> series, long samplesPerStep) {
    this.series = series;
    this.samplesPerStep = samplesPerStep;
  }

  /** The series of {@code scope}'s shard, their cursors at {@code fromStep}. */
  static BackfillPlan of(CompiledScenario scenario, Backfiller.Scope scope, long fromStep) {
    List<SeriesLines> out = new ArrayList<>();
    long perStep = 0;
    long position = 0;
    for (MetricFamily family : scenario.families()) {
      List<SampleNames> names = family.classicWhereNative() ? SampleNames.of(family) : List.of();
      boolean nativeLine = family.nativeLayout() != null;
      List<Label> exemplarLabels = family.exemplars() == null ? null : exemplarLabels(family);
      for (Series s : family.series()) {
        if (!scope.owns(position++)) {
          continue;
        }
        List<byte[]> floatLabels = new ArrayList<>(names.size());
        for (SampleNames n : names) {
          floatLabels.add(WriteRequestEncoder.labels(labels(n, s, scope.extraLabels())));
        }
        byte[] nativeLabels =
            nativeLine
                ? WriteRequestEncoder.labels(
                    labels(
                        new SampleNames(family.name(), null, null, true), s, scope.extraLabels()))
                : null;
        SeriesLines lines =
            new SeriesLines(
                family.cursor(s, fromStep),
                List.copyOf(floatLabels),
                nativeLabels,
                exemplarLabels,
                family.bounds());
        out.add(lines);
        perStep += lines.samplesPerStep();
      }
    }
    return new BackfillPlan(List.copyOf(out), perStep);
  }

  List<SeriesLines> series() {
    return series;
  }

  /** Samples of all the series at one step, when each has one. */
  long samplesPerStep() {
    return samplesPerStep;
  }

  /** A family's fixed exemplar labels, as remote write takes them. */
  private static List<Label> exemplarLabels(MetricFamily family) {
    List<Label> out = new ArrayList<>();
    var fixed = family.exemplars().fixedLabels();
    for (int i = 0; i < fixed.size(); i++) {
      out.add(Label.newBuilder().setName(fixed.getName(i)).setValue(fixed.getValue(i)).build());
    }
    return List.copyOf(out);
  }

  /** The labels of one sample line, {@code __name__} among them, sorted by name. */
  private static List<Label> labels(SampleNames n, Series series, Map<String, String> extra) {
    List<Label> out = new ArrayList<>();
    for (Map.Entry<String, String> e : extra.entrySet()) {
      out.add(Label.newBuilder().setName(e.getKey()).setValue(e.getValue()).build());
    }
    out.add(Label.newBuilder().setName("__name__").setValue(n.name()).build());
    for (int i = 0; i < series.labels().size(); i++) {
      out.add(
          Label.newBuilder()
              .setName(series.labels().getName(i))
              .setValue(series.labels().getValue(i))
              .build());
    }
    if (n.extraLabel() != null) {
      out.add(Label.newBuilder().setName(n.extraLabel()).setValue(n.extraValue()).build());
    }
    out.sort(Comparator.comparing(Label::getName));
    return List.copyOf(out);
  }
}
