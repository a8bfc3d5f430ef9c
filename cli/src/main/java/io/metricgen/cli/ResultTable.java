package io.metricgen.cli;

import io.metricgen.engine.promql.eval.FloatHistogram;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** A query result as a table for people: times as the scenario's own (+5m) and as UTC. */
final class ResultTable {

  /** Above this many series a range result is listed series by series, not side by side. */
  static final int WIDE_LIMIT = 6;

  private ResultTable() {}

  static String render(QueryResult r, long originMillis) {
    StringBuilder out = new StringBuilder();
    switch (r.resultType()) {
      case "scalar" ->
          out.append(time(r.time(), originMillis))
              .append("  scalar  ")
              .append(number(r.scalar()))
              .append('\n');
      case "string" ->
          out.append(time(r.time(), originMillis))
              .append("  string  ")
              .append(r.string())
              .append('\n');
      case "vector" -> {
        if (r.series().isEmpty()) {
          out.append("(no series at ").append(time(r.time(), originMillis)).append(")\n");
        }
        int width = 0;
        for (RangeSeries s : r.series()) {
          width = Math.max(width, s.labels().toString().length());
        }
        for (RangeSeries s : r.series()) {
          out.append(pad(s.labels().toString(), width))
              .append("  ")
              .append(value(s, 0))
              .append('\n');
        }
      }
      default -> matrix(out, r.series(), originMillis);
    }
    return out.toString();
  }

  private static void matrix(StringBuilder out, List<RangeSeries> series, long originMillis) {
    if (series.isEmpty()) {
      out.append("(no series)\n");
      return;
    }
    if (series.size() > WIDE_LIMIT) {
      for (RangeSeries s : series) {
        out.append(s.labels()).append('\n');
        for (int i = 0; i < s.size(); i++) {
          out.append("  ").append(time(s.time(i), originMillis)).append("  ").append(value(s, i));
          out.append('\n');
        }
      }
      return;
    }
    TreeSet<Long> times = new TreeSet<>();
    for (RangeSeries s : series) {
      for (int i = 0; i < s.size(); i++) {
        times.add(s.time(i));
      }
    }
    for (int k = 0; k < series.size(); k++) {
      out.append("[").append(k + 1).append("] ").append(series.get(k).labels()).append('\n');
    }
    StringBuilder header = new StringBuilder(pad("time", 30));
    for (int k = 0; k < series.size(); k++) {
      header.append(pad("[" + (k + 1) + "]", 16));
    }
    out.append(header.toString().stripTrailing()).append('\n');
    int[] cursor = new int[series.size()];
    for (long t : times) {
      StringBuilder row = new StringBuilder(pad(time(t, originMillis), 30));
      for (int k = 0; k < series.size(); k++) {
        RangeSeries s = series.get(k);
        String cell = "";
        if (cursor[k] < s.size() && s.time(cursor[k]) == t) {
          cell = value(s, cursor[k]++);
        }
        row.append(pad(cell, 16));
      }
      out.append(row.toString().stripTrailing()).append('\n');
    }
  }

  private static String value(RangeSeries s, int i) {
    FloatHistogram h = s.histogram(i);
    if (h == null) {
      return number(s.value(i));
    }
    return "histogram{count=" + number(h.count()) + ", sum=" + number(h.sum()) + "}";
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(java.util.Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
  }

  private static String time(long t, long originMillis) {
    long since = t - originMillis;
    String rel =
        since < 0
            ? "-" + Durations.format(Duration.ofMillis(-since))
            : "+" + Durations.format(Duration.ofMillis(since));
    return Instant.ofEpochMilli(t) + " (" + rel + ")";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
