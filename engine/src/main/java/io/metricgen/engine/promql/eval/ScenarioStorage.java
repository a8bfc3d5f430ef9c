package io.metricgen.engine.promql.eval;

import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled scenario seen as Prometheus would store it after {@code metricgen backfill}: step k at
 * {@code origin + k·interval}, the same series and labels, staleness markers where the scenario has
 * them, nothing where it has gaps, and nothing before the origin. Samples are produced from the
 * cursors for the range asked, so memory follows the query, not the scenario's length.
 */
public final class ScenarioStorage implements Storage {

  private final CompiledScenario scenario;
  private final long originMillis;
  private final long endMillis;
  private final Map<String, String> extraLabels;
  private final List<Line> lines = new ArrayList<>();

  /** One stored series: a sample line of one scenario series (or its native histogram). */
  private record Line(
      SeriesLabels labels, MetricFamily family, Series series, int column, boolean nativeLine) {}

  /**
   * A scenario that runs on from its origin without end, as a live generator does.
   *
   * @param originMillis the scenario's time 0, in Unix milliseconds
   * @param extraLabels labels every series gets (backfill's {@code --label})
   */
  public ScenarioStorage(
      CompiledScenario scenario, long originMillis, Map<String, String> extraLabels) {
    this(scenario, originMillis, Long.MAX_VALUE, extraLabels);
  }

  /**
   * A scenario stored from its origin up to {@code endMillis}, exclusive: what {@code backfill
   * --start ORIGIN --end END} writes.
   */
  public ScenarioStorage(
      CompiledScenario scenario,
      long originMillis,
      long endMillis,
      Map<String, String> extraLabels) {
    this.scenario = scenario;
    this.originMillis = originMillis;
    this.endMillis = endMillis;
    this.extraLabels = Map.copyOf(extraLabels);
    for (MetricFamily family : scenario.families()) {
      List<SampleNames> names = family.classicWhereNative() ? SampleNames.of(family) : List.of();
      for (Series series : family.series()) {
        for (int i = 0; i < names.size(); i++) {
          lines.add(new Line(labels(names.get(i), series), family, series, i, false));
        }
        if (family.nativeLayout() != null) {
          SampleNames n = new SampleNames(family.name(), null, null, true);
          lines.add(new Line(labels(n, series), family, series, -1, true));
        }
      }
    }
    lines.sort((a, b) -> a.labels().compareTo(b.labels()));
  }

  private SeriesLabels labels(SampleNames n, Series series) {
    SeriesLabels.Builder b = SeriesLabels.EMPTY.builder();
    extraLabels.forEach(b::set);
    b.set(SeriesLabels.NAME, n.name());
    for (int i = 0; i < series.labels().size(); i++) {
      b.set(series.labels().getName(i), series.labels().getValue(i));
    }
    if (n.extraLabel() != null) {
      b.set(n.extraLabel(), n.extraValue());
    }
    return b.build();
  }

  /** The scenario's time 0, in Unix milliseconds. */
  public long originMillis() {
    return originMillis;
  }

  @Override
  public List<StoredSeries> select(List<Expr.Matcher> matchers, long mint, long maxt) {
    long interval = scenario.intervalMillis();
    long first = Math.max(0, ceilDiv(mint - originMillis, interval));
    long last = Math.floorDiv(Math.min(maxt, endMillis - 1) - originMillis, interval);
    List<Line> selected = new ArrayList<>();
    for (Line line : lines) {
      if (matches(line.labels(), matchers)) {
        selected.add(line);
      }
    }
    // Producing samples is most of a query's work, and each series' is its own: use every core.
    return selected.parallelStream().map(line -> read(line, first, last)).toList();
  }

  static boolean matches(SeriesLabels labels, List<Expr.Matcher> matchers) {
    for (Expr.Matcher m : matchers) {
      if (!m.matches(labels.get(m.label()))) {
        return false;
      }
    }
    return true;
  }

  private StoredSeries read(Line line, long first, long last) {
    int n = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, last - first + 1));
    long[] times = new long[n];
    double[] values = new double[n];
    FloatHistogram[] histograms = line.nativeLine() ? new FloatHistogram[n] : null;
    int size = 0;
    if (n > 0) {
      SeriesCursor cursor = line.family().cursor(line.series(), first);
      for (long k = first; k <= last; k++) {
        int status = cursor.next();
        if (status == SeriesCursor.ABSENT) {
          continue;
        }
        long t = originMillis + k * scenario.intervalMillis();
        if (line.nativeLine()) {
          // Backfill writes no float staleness marker into a native series (Prometheus 2.42
          // can't mix them): it goes stale by the lookback, as one that stopped being scraped.
          if (status == SeriesCursor.STALE || cursor.nativeSample() == null) {
            continue;
          }
          histograms[size] = FloatHistogram.of(cursor.nativeSample());
        } else {
          values[size] =
              status == SeriesCursor.STALE
                  ? Double.longBitsToDouble(STALE_NAN_BITS)
                  : cursor.values()[line.column()];
        }
        times[size++] = t;
      }
    }
    return new StoredSeries(line.labels(), times, values, histograms, size);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
