package io.metricgen.engine.remotewrite;

import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.engine.signal.Samples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Encodes the requests of a backfill: for a batch of series and a slice of steps, advances each
 * series through the slice and writes the protobuf {@code WriteRequest} bytes directly, into
 * buffers kept from one request to the next (a sender spends most of its CPU here, on a machine it
 * shares with the receiver). Fields at their default value are left out, as the generated classes
 * do; {@code SliceEncoderTest} holds the bytes to theirs. One encoder per thread.
 */
final class SliceEncoder {

  /** One request, encoded, and the samples it holds. */
  record Encoded(byte[] request, long samples) {}

  // WriteRequest.timeseries, TimeSeries.samples, Sample.value, Sample.timestamp (wire types 2, 2,
  // 1 and 0).
  private static final int TIMESERIES_TAG = (1 << 3) | 2;
  private static final int SAMPLES_TAG = (2 << 3) | 2;
  private static final int VALUE_TAG = (1 << 3) | 1;
  private static final int TIMESTAMP_TAG = 2 << 3;
  private static final long STALE_NAN_BITS = Samples.PROMETHEUS_STALE_NAN_BITS;

  private final long originMillis;
  private final long intervalMillis;
  private final Wire out = new Wire(1 << 16);
  // Per slice: each step's timestamp and the size of its Sample.timestamp field.
  private long[] timestamps = new long[0];
  private int[] timestampSizes = new int[0];
  // Per series of the batch, reused: its float lines' values by step, which steps have a sample,
  // and the histogram and exemplar fields of its TimeSeries.
  private double[][] rows = new double[0][];
  private boolean[] present = new boolean[0];
  private Wire[] exemplarFields = new Wire[0];
  private final Wire nativeFields = new Wire(256);
  private final Wire nativeExemplarFields = new Wire(256);

  SliceEncoder(long originMillis, long intervalMillis) {
    this.originMillis = originMillis;
    this.intervalMillis = intervalMillis;
  }

  /** The request of {@code batch} over the steps [slice, slice + steps). */
  Encoded encode(List<BackfillPlan.SeriesLines> batch, long slice, int steps) {
    prepare(slice, steps);
    out.reset();
    long samples = 0;
    for (BackfillPlan.SeriesLines series : batch) {
      samples += advance(series, slice, steps);
      write(series, steps);
    }
    return new Encoded(Arrays.copyOf(out.bytes, out.length), samples);
  }

  private void prepare(long slice, int steps) {
    if (timestamps.length < steps) {
      timestamps = new long[steps];
      timestampSizes = new int[steps];
      present = new boolean[steps];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = new double[steps];
      }
    }
    for (int k = 0; k < steps; k++) {
      long t = originMillis + (slice + k) * intervalMillis;
      timestamps[k] = t;
      timestampSizes[k] = t == 0 ? 0 : 1 + Wire.varintSize(t);
    }
  }

  /**
   * Moves the series' cursor through the slice, keeping its samples in the rows and its histograms
   * and exemplars as encoded fields; returns the samples it has.
   */
  private long advance(BackfillPlan.SeriesLines series, long slice, int steps) {
    int width = series.floatLabels().size();
    if (rows.length < width) {
      int had = rows.length;
      rows = Arrays.copyOf(rows, width);
      exemplarFields = Arrays.copyOf(exemplarFields, width);
      for (int i = had; i < width; i++) {
        rows[i] = new double[timestamps.length];
        exemplarFields[i] = new Wire(64);
      }
    }
    for (int i = 0; i < width; i++) {
      exemplarFields[i].reset();
    }
    nativeFields.reset();
    nativeExemplarFields.reset();
    SeriesCursor cursor = series.cursor();
    long samples = 0;
    for (int k = 0; k < steps; k++) {
      int status = cursor.next();
      present[k] = status != SeriesCursor.ABSENT;
      if (status == SeriesCursor.ABSENT) {
        continue;
      }
      double[] v = cursor.values();
      boolean stale = status == SeriesCursor.STALE;
      for (int i = 0; i < width; i++) {
        rows[i][k] = stale ? Double.longBitsToDouble(STALE_NAN_BITS) : v[i];
      }
      samples += width;
      if (stale) {
        // A native histogram series takes no float staleness marker in Prometheus 2.42: it goes
        // stale five minutes after its last sample, as a scraped one that vanished.
        continue;
      }
      if (series.hasNative()) {
        nativeFields.bytes(WriteRequestEncoder.histogram(cursor.nativeSample(), timestamps[k]));
        samples++;
      }
      ExemplarPlan.Exemplar e = series.exemplarLabels() == null ? null : cursor.exemplar();
      if (e != null && e.step() == slice + k) {
        byte[] field = exemplar(series.exemplarLabels(), e, timestamps[k]);
        if (series.hasNative()) {
          nativeExemplarFields.bytes(field);
        }
        if (width > 0) {
          exemplarFields[series.exemplarLine(e.value())].bytes(field);
        }
      }
    }
    return samples;
  }

  /** Writes the series' TimeSeries: its float lines, its histograms, its histograms' exemplars. */
  private void write(BackfillPlan.SeriesLines series, int steps) {
    List<byte[]> labels = series.floatLabels();
    for (int i = 0; i < labels.size(); i++) {
      double[] row = rows[i];
      int size = labels.get(i).length + exemplarFields[i].length;
      int samples = 0;
      for (int k = 0; k < steps; k++) {
        if (present[k]) {
          size += 2 + sampleSize(row[k], k);
          samples++;
        }
      }
      if (samples == 0 && exemplarFields[i].length == 0) {
        continue;
      }
      out.varint(TIMESERIES_TAG);
      out.varint(size);
      out.bytes(labels.get(i));
      for (int k = 0; k < steps; k++) {
        if (present[k]) {
          sample(row[k], k);
        }
      }
      out.bytes(exemplarFields[i]);
    }
    if (nativeFields.length > 0) {
      timeSeries(series.nativeLabels(), nativeFields);
    }
    if (nativeExemplarFields.length > 0) {
      timeSeries(series.nativeLabels(), nativeExemplarFields);
    }
  }

  private void timeSeries(byte[] labels, Wire fields) {
    out.varint(TIMESERIES_TAG);
    out.varint(labels.length + fields.length);
    out.bytes(labels);
    out.bytes(fields);
  }

  /** A Sample field: its value (unless +0.0, proto3's default) and its timestamp (unless 0). */
  private void sample(double v, int k) {
    long bits = Double.doubleToRawLongBits(v);
    out.varint(SAMPLES_TAG);
    out.varint(sampleSize(v, k));
    if (bits != 0) {
      out.varint(VALUE_TAG);
      out.fixed64(bits);
    }
    if (timestampSizes[k] != 0) {
      out.varint(TIMESTAMP_TAG);
      out.varint(timestamps[k]);
    }
  }

  private int sampleSize(double v, int k) {
    return (Double.doubleToRawLongBits(v) != 0 ? 9 : 0) + timestampSizes[k];
  }

  private static byte[] exemplar(List<Label> fixed, ExemplarPlan.Exemplar e, long timestamp) {
    List<Label> labels = new ArrayList<>(fixed);
    labels.add(Label.newBuilder().setName(ExemplarPlan.TRACE_ID).setValue(e.traceId()).build());
    labels.sort(Comparator.comparing(Label::getName));
    return WriteRequestEncoder.exemplar(labels, e.value(), timestamp);
  }

  /** A growable byte buffer with the protobuf wire format's varints and fixed64s. */
  static final class Wire {
    private byte[] bytes;
    private int length;

    Wire(int capacity) {
      bytes = new byte[capacity];
    }

    void reset() {
      length = 0;
    }

    private void room(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    void varint(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        bytes[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[length++] = (byte) v;
    }

    void fixed64(long v) {
      room(8);
      for (int i = 0; i < 8; i++) {
        bytes[length++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    void bytes(Wire w) {
      room(w.length);
      System.arraycopy(w.bytes, 0, bytes, length, w.length);
      length += w.length;
    }

    static int varintSize(long v) {
      int n = 1;
      while ((v & ~0x7FL) != 0) {
        n++;
        v >>>= 7;
      }
      return n;
    }
  }
}
