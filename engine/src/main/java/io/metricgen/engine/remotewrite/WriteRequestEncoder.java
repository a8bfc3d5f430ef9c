package io.metricgen.engine.remotewrite;

import com.google.protobuf.CodedOutputStream;
import io.metricgen.engine.remotewrite.prompb.BucketSpan;
import io.metricgen.engine.remotewrite.prompb.Exemplar;
import io.metricgen.engine.remotewrite.prompb.Histogram;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.series.NativeSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Encodes {@code WriteRequest}s straight to protobuf wire format with protobuf-java's {@link
 * CodedOutputStream}: each line's labels are encoded once, and samples are written without a
 * message object each. A backfill's sender spends most of its CPU here, on a machine it shares with
 * the receiver. The bytes parse to the same {@link WriteRequest} the generated classes build (a
 * test holds it to that); like them, fields at their default value are left out.
 */
final class WriteRequestEncoder {

  private static final int TIMESERIES = 1;
  private static final int TS_LABELS = 1;
  private static final int TS_SAMPLES = 2;
  private static final int TS_EXEMPLARS = 3;
  private static final int TS_HISTOGRAMS = 4;
  private static final int SAMPLE_VALUE = 1;
  private static final int SAMPLE_TIMESTAMP = 2;

  private WriteRequestEncoder() {}

  /** The {@code labels} fields of a TimeSeries, encoded once and reused for every request. */
  static byte[] labels(List<Label> labels) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (Label l : labels) {
        out.writeMessage(TS_LABELS, l);
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * One request: for each series {@code s}, the samples {@code values[s][k]} at {@code
   * timestamps[k]} where {@code present[s][k]}, then {@code extras[s]} when not null: its
   * histograms and exemplars, encoded as fields of the TimeSeries by {@link #histogram} and {@link
   * #exemplar}.
   */
  static byte[] encode(
      List<byte[]> labels,
      double[][] values,
      boolean[][] present,
      byte[][] extras,
      long[] timestamps,
      int steps) {
    int[] seriesSizes = new int[labels.size()];
    int total = 0;
    for (int s = 0; s < seriesSizes.length; s++) {
      int size = labels.get(s).length;
      int samples = 0;
      for (int k = 0; k < steps; k++) {
        if (present[s][k]) {
          int sample = sampleSize(values[s][k], timestamps[k]);
          size += 1 + CodedOutputStream.computeUInt32SizeNoTag(sample) + sample;
          samples++;
        }
      }
      if (extras != null && extras[s] != null && extras[s].length > 0) {
        size += extras[s].length;
        samples++;
      }
      seriesSizes[s] = samples == 0 ? -1 : size;
      if (samples > 0) {
        total += 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
      }
    }
    byte[] buf = new byte[total];
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    try {
      for (int s = 0; s < seriesSizes.length; s++) {
        if (seriesSizes[s] < 0) {
          continue;
        }
        out.writeTag(TIMESERIES, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(seriesSizes[s]);
        out.writeRawBytes(labels.get(s));
        for (int k = 0; k < steps; k++) {
          if (!present[s][k]) {
            continue;
          }
          double v = values[s][k];
          long t = timestamps[k];
          out.writeTag(TS_SAMPLES, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt32NoTag(sampleSize(v, t));
          if (Double.doubleToRawLongBits(v) != 0) {
            out.writeDouble(SAMPLE_VALUE, v);
          }
          if (t != 0) {
            out.writeInt64(SAMPLE_TIMESTAMP, t);
          }
        }
        if (extras != null && extras[s] != null) {
          out.writeRawBytes(extras[s]);
        }
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding overflowed its computed size", e);
    }
    return buf;
  }

  /**
   * A native histogram sample, as a {@code histograms} field of a TimeSeries: its populated buckets
   * in spans of adjacent indexes, their counts as deltas.
   */
  static byte[] histogram(NativeSample n, long timestampMillis) {
    Histogram.Builder h =
        Histogram.newBuilder()
            .setCountInt(n.count())
            .setSum(n.sum())
            .setSchema(n.schema())
            .setZeroThreshold(n.zeroThreshold())
            .setZeroCountInt(n.zeroCount())
            .setTimestamp(timestampMillis);
    int spanStart = 0;
    for (int i = 0; i < n.size(); i++) {
      boolean ends = i + 1 == n.size() || n.index(i + 1) != n.index(i) + 1;
      if (ends) {
        int offset = spanStart == 0 ? n.index(0) : n.index(spanStart) - n.index(spanStart - 1) - 1;
        h.addPositiveSpans(BucketSpan.newBuilder().setOffset(offset).setLength(i - spanStart + 1));
        spanStart = i + 1;
      }
      h.addPositiveDeltas(n.bucketCount(i) - (i == 0 ? 0 : n.bucketCount(i - 1)));
    }
    return field(TS_HISTOGRAMS, h.build());
  }

  /** An exemplar, as an {@code exemplars} field of a TimeSeries. */
  static byte[] exemplar(List<Label> labels, double value, long timestampMillis) {
    return field(
        TS_EXEMPLARS,
        Exemplar.newBuilder()
            .addAllLabels(labels)
            .setValue(value)
            .setTimestamp(timestampMillis)
            .build());
  }

  private static byte[] field(int number, com.google.protobuf.MessageLite message) {
    int size = message.getSerializedSize();
    byte[] out =
        new byte
            [CodedOutputStream.computeTagSize(number)
                + CodedOutputStream.computeUInt32SizeNoTag(size)
                + size];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeMessage(number, message);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding overflowed its computed size", e);
    }
    return out;
  }

  private static int sampleSize(double v, long t) {
    return (Double.doubleToRawLongBits(v) != 0 ? 9 : 0)
        + (t != 0 ? 1 + CodedOutputStream.computeInt64SizeNoTag(t) : 0);
  }
}
