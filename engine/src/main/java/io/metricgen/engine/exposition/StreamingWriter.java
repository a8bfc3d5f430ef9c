package io.metricgen.engine.exposition;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.metricgen.engine.series.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes many timestamped samples per series in OpenMetrics or the Prometheus text format,
 * streaming. The Prometheus client's writers take one snapshot with one point per label set, so
 * they can't write a series' history; this writer produces the same bytes as they do for one point
 * (a test holds it to that) and any number of points after it, in bounded memory.
 */
public final class StreamingWriter implements AutoCloseable {

  private final OutputStream out;
  private final ExpositionFormat format;
  private final boolean timestamps;
  private byte[] buf = new byte[1 << 16];
  private int pos;

  public StreamingWriter(OutputStream out, ExpositionFormat format, boolean timestamps) {
    this.out = out;
    this.format = format;
    this.timestamps = timestamps;
  }

  /** Starts a family: its TYPE, UNIT and HELP lines. Its series' samples follow. */
  public void family(MetricFamily family) throws IOException {
    String name = SeriesLines.metadataName(family, format);
    String type = family.type().yamlName();
    if (format == ExpositionFormat.OPENMETRICS) {
      ascii("# TYPE " + name + " " + type + "\n");
      if (family.unit() != null) {
        ascii("# UNIT " + name + " " + family.unit() + "\n");
      }
      if (family.help() != null) {
        ascii("# HELP " + name + " " + escapeHelp(family.help(), true) + "\n");
      }
    } else {
      if (family.help() != null) {
        ascii("# HELP " + name + " " + escapeHelp(family.help(), false) + "\n");
      }
      ascii("# TYPE " + name + " " + type + "\n");
    }
  }

  /** Writes one sample (all its lines) of a series at {@code timestampMillis}. */
  public void sample(SeriesLines lines, double[] values, long timestampMillis) throws IOException {
    for (int i = 0; i < lines.prefixes.length; i++) {
      bytes(lines.prefixes[i]);
      if (lines.integral[i]) {
        number((long) values[i]);
      } else {
        value(values[i]);
      }
      if (timestamps) {
        ensure(24);
        buf[pos++] = ' ';
        timestamp(timestampMillis);
      }
      ensure(1);
      buf[pos++] = '\n';
    }
  }

  /** Ends the output ({@code # EOF} for OpenMetrics) and flushes; does not close the stream. */
  public void finish() throws IOException {
    if (format == ExpositionFormat.OPENMETRICS) {
      ascii("# EOF\n");
    }
    flush();
  }

  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }

  private void timestamp(long millis) throws IOException {
    if (format == ExpositionFormat.TEXT) {
      number(millis);
      return;
    }
    number(Math.floorDiv(millis, 1000));
    long ms = Math.floorMod(millis, 1000);
    buf[pos++] = '.';
    buf[pos++] = (byte) ('0' + ms / 100);
    buf[pos++] = (byte) ('0' + ms / 10 % 10);
    buf[pos++] = (byte) ('0' + ms % 10);
  }

  /**
   * A double as the Prometheus client writes it: Java's form, +Inf, -Inf, NaN. Digits come from
   * jackson-core's Schubfach writer, the algorithm of Double.toString since JDK 19: the shortest
   * digits that read back as the same double, twice as fast as JDK 17's Double.toString (which is
   * sometimes longer, as in 1.9999999999999998E23 for 2.0E23).
   */
  private void value(double v) throws IOException {
    if (v == Double.POSITIVE_INFINITY) {
      ascii("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      ascii("-Inf");
    } else if (v == (long) v && Math.abs(v) < 1e7 && (v != 0 || 1 / v > 0)) {
      // Double.toString prints whole numbers below 10^7 as digits and ".0"; this is the fast path.
      ensure(24);
      number((long) v);
      buf[pos++] = '.';
      buf[pos++] = '0';
    } else {
      String text = NumberOutput.toString(v, true); // always ASCII
      ensure(text.length());
      for (int i = 0; i < text.length(); i++) {
        buf[pos++] = (byte) text.charAt(i);
      }
    }
  }

  private void number(long v) throws IOException {
    ensure(21);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return;
      }
      buf[pos++] = '-';
      v = -v;
    }
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  void ascii(String s) throws IOException {
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(byte[] b) throws IOException {
    if (b.length > buf.length - pos) {
      flushBuffer();
      if (b.length > buf.length) {
        out.write(b);
        return;
      }
    }
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void ensure(int n) throws IOException {
    if (buf.length - pos < n) {
      flushBuffer();
    }
  }

  private void flushBuffer() throws IOException {
    if (out instanceof BufferSink sink) {
      sink.take(buf, pos); // the sink keeps the array: hand it over instead of copying it
      buf = new byte[buf.length];
    } else {
      out.write(buf, 0, pos);
    }
    pos = 0;
  }

  /** A stream that takes ownership of whole buffers instead of copying them. */
  abstract static class BufferSink extends OutputStream {
    /** Takes {@code buf}, of which {@code length} bytes are data; the caller no longer uses it. */
    abstract void take(byte[] buf, int length) throws IOException;
  }

  private static String escapeHelp(String help, boolean openMetrics) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append(openMetrics ? "\\\"" : "\"");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
