package io.metricgen.engine.promql.eval;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes results and errors as Prometheus's HTTP API does: {@code {"status":"success","data":
 * {"resultType":...,"result":...}}} with times in seconds and values as strings, or {@code
 * {"status":"error","errorType":...,"error":...}}.
 */
public final class ResultJson {

  private ResultJson() {}

  /** The whole response document for a result. */
  public static String success(QueryResult r) {
    StringBuilder out = new StringBuilder(256);
    try {
      write(r, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the response document, a series at a time: a result of millions of points never sits in
   * memory as text.
   */
  public static void write(QueryResult r, Appendable sink) throws IOException {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"status\":\"success\",\"data\":{\"resultType\":\"")
        .append(r.resultType())
        .append("\",\"result\":");
    switch (r.resultType()) {
      case "scalar" -> point(out, r.time(), r.scalar());
      case "string" -> {
        out.append('[');
        time(out, r.time());
        out.append(',');
        string(out, r.string());
        out.append(']');
      }
      case "vector" -> {
        out.append('[');
        boolean first = true;
        for (RangeSeries s : r.series()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append("{\"metric\":");
          labels(out, s.labels());
          FloatHistogram h = s.histogram(0);
          out.append(h == null ? ",\"value\":" : ",\"histogram\":");
          point(out, r.time(), s.value(0), h);
          out.append('}');
        }
        out.append(']');
      }
      default -> matrix(out, r, sink);
    }
    sink.append(out.append("}}"));
  }

  private static void matrix(StringBuilder out, QueryResult r, Appendable sink) throws IOException {
    out.append('[');
    boolean first = true;
    for (RangeSeries s : r.series()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (out.length() > 1 << 16) {
        sink.append(out);
        out.setLength(0);
      }
      out.append("{\"metric\":");
      labels(out, s.labels());
      boolean any = false;
      for (int i = 0; i < s.size(); i++) {
        if (s.histogram(i) == null) {
          out.append(any ? "," : ",\"values\":[");
          any = true;
          point(out, s.time(i), s.value(i));
        }
      }
      if (any) {
        out.append(']');
      }
      boolean anyH = false;
      for (int i = 0; i < s.size(); i++) {
        if (s.histogram(i) != null) {
          out.append(anyH ? "," : ",\"histograms\":[");
          anyH = true;
          point(out, s.time(i), 0, s.histogram(i));
        }
      }
      if (anyH) {
        out.append(']');
      }
      out.append('}');
    }
    out.append(']');
  }

  /** The error document. */
  public static String error(QueryException e) {
    StringBuilder out = new StringBuilder("{\"status\":\"error\",\"errorType\":");
    string(out, e.errorType());
    out.append(",\"error\":");
    string(out, e.getMessage());
    return out.append('}').toString();
  }

  private static void point(StringBuilder out, long t, double v) {
    point(out, t, v, null);
  }

  private static void point(StringBuilder out, long t, double v, FloatHistogram h) {
    out.append('[');
    time(out, t);
    out.append(',');
    if (h == null) {
      value(out, v);
    } else {
      histogram(out, h);
    }
    out.append(']');
  }

  private static void histogram(StringBuilder out, FloatHistogram h) {
    out.append("{\"count\":");
    value(out, h.count);
    out.append(",\"sum\":");
    value(out, h.sum);
    boolean any = false;
    if (h.zeroCount > 0) {
      out.append(",\"buckets\":[[3,");
      value(out, -h.zeroThreshold);
      out.append(',');
      value(out, h.zeroThreshold);
      out.append(',');
      value(out, h.zeroCount);
      out.append(']');
      any = true;
    }
    for (int i = 0; i < h.bucketCount(); i++) {
      if (h.counts[i] == 0) {
        continue;
      }
      out.append(any ? ",[0," : ",\"buckets\":[[0,");
      any = true;
      value(out, Math.max(h.lower(i), h.zeroThreshold));
      out.append(',');
      value(out, h.upper(i));
      out.append(',');
      value(out, h.counts[i]);
      out.append(']');
    }
    if (any) {
      out.append(']');
    }
    out.append('}');
  }

  /** Seconds with up to three decimals, as Prometheus's {@code MarshalTimestamp}. */
  static void time(StringBuilder out, long t) {
    if (t < 0) {
      out.append('-');
      t = -t;
    }
    out.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
  }

  static void value(StringBuilder out, double v) {
    out.append('"');
    GoFloat.appendJson(out, v);
    out.append('"');
  }

  static void labels(StringBuilder out, SeriesLabels l) {
    out.append('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, l.name(i));
      out.append(':');
      string(out, l.value(i));
    }
    out.append('}');
  }

  /** A JSON string as Go's encoding/json writes it (HTML characters escaped). */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
