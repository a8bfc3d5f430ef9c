package io.metricgen.engine.remotewrite;

import com.google.protobuf.CodedOutputStream;
import io.metricgen.engine.remotewrite.prompb.BucketSpan;
import io.metricgen.engine.remotewrite.prompb.Exemplar;
import io.metricgen.engine.remotewrite.prompb.Histogram;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.series.NativeSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The parts of a {@code WriteRequest} that {@link SliceEncoder} writes as they are, encoded once
 * with protobuf-java's {@link CodedOutputStream}: a line's labels (once per run), a native
 * histogram sample, an exemplar. The bytes are the generated classes' own.
 */
final class WriteRequestEncoder {

  private static final int TS_LABELS = 1;
  private static final int TS_EXEMPLARS = 3;
  private static final int TS_HISTOGRAMS = 4;

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
}
