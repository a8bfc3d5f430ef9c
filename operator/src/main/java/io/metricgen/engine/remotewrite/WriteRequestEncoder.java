package io.metricgen.engine.remotewrite;

import com.google.protobuf.CodedOutputStream;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
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
   * timestamps[k]} where {@code present[s][k]}.
   */
  static byte[] encode(
      List<byte[]> labels, double[][] values, boolean[][] present, long[] timestamps, int steps) {
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
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding overflowed its computed size", e);
    }
    return buf;
  }

  private static int sampleSize(double v, long t) {
    return (Double.doubleToRawLongBits(v) != 0 ? 9 : 0)
        + (t != 0 ? 1 + CodedOutputStream.computeInt64SizeNoTag(t) : 0);
  }
}
