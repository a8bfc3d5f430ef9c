package io.metricgen.engine.series;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of native buckets for any schema, threshold, limit, distribution and total. */
class NativeLayoutPropertiesTest {

  @Property(tries = 300)
  void bucketsAreAscendingPositiveWithinTheLimitAndAddUpToTheCount(
      @ForAll @IntRange(min = NativeLayout.MIN_SCHEMA, max = NativeLayout.MAX_SCHEMA) int schema,
      @ForAll @IntRange(min = 0, max = 200) int maxBuckets,
      @ForAll @DoubleRange(min = -6, max = 6) double mu,
      @ForAll @DoubleRange(min = 0.01, max = 4) double sigma,
      @ForAll @DoubleRange(min = 0, max = 1e12) double total,
      @ForAll @IntRange(min = -130, max = 0) int zeroExponent) {
    double zeroThreshold = Math.scalb(1.0, zeroExponent);
    NativeLayout layout =
        NativeLayout.of(
            Observations.logNormal(mu, sigma), schema, zeroThreshold, maxBuckets, false);
    long count = (long) AccumulatingCursor.whole(total);
    NativeSample n = new NativeSample();
    layout.fill(count, 1.5 * count, n);
    assertThat(n.count()).isEqualTo(count);
    assertThat(n.schema()).isBetween(NativeLayout.MIN_SCHEMA, schema);
    if (maxBuckets > 0 && n.schema() > NativeLayout.MIN_SCHEMA) {
      assertThat(n.size()).isLessThanOrEqualTo(maxBuckets);
    }
    if (maxBuckets == 0) {
      assertThat(n.schema()).isEqualTo(schema);
    }
    long sum = n.zeroCount();
    for (int i = 0; i < n.size(); i++) {
      assertThat(n.bucketCount(i)).isPositive();
      if (i > 0) {
        assertThat(n.index(i)).isGreaterThan(n.index(i - 1));
      }
      assertThat(NativeLayout.upperBound(n.index(i), n.schema())).isGreaterThan(zeroThreshold);
      sum += n.bucketCount(i);
    }
    assertThat(sum).isEqualTo(count);
  }

  /**
   * As the count grows no bucket falls, at the coarser schema of the two samples (how Prometheus
   * compares them): what it would otherwise take for a counter reset.
   */
  @Property(tries = 500)
  void noBucketEverFallsAsTheCountGrows(
      @ForAll @IntRange(min = NativeLayout.MIN_SCHEMA, max = NativeLayout.MAX_SCHEMA) int schema,
      @ForAll @IntRange(min = 0, max = 200) int maxBuckets,
      @ForAll @DoubleRange(min = -6, max = 6) double mu,
      @ForAll @DoubleRange(min = 0.01, max = 4) double sigma,
      @ForAll @IntRange(min = -40, max = 0) int zeroExponent,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1_000_000_000L) long first,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 5000) long more) {
    NativeLayout layout =
        NativeLayout.of(
            Observations.logNormal(mu, sigma),
            schema,
            Math.scalb(1.0, zeroExponent),
            maxBuckets,
            false);
    NativeSample a = new NativeSample();
    NativeSample b = new NativeSample();
    layout.fill(first, 0, a);
    for (long n = first + 1; n <= first + Math.min(more, 50); n++) {
      layout.fill(n, 0, b);
      assertNoneFell(a, b);
    }
    layout.fill(first + more, 0, b);
    assertNoneFell(a, b);
  }

  private static void assertNoneFell(NativeSample before, NativeSample after) {
    assertThat(after.schema()).isLessThanOrEqualTo(before.schema());
    assertThat(after.zeroCount()).isGreaterThanOrEqualTo(before.zeroCount());
    java.util.Map<Integer, Long> was = new java.util.HashMap<>();
    int reduce = before.schema() - after.schema();
    for (int i = 0; i < before.size(); i++) {
      was.merge(((before.index(i) - 1) >> reduce) + 1, before.bucketCount(i), Long::sum);
    }
    java.util.Map<Integer, Long> is = new java.util.HashMap<>();
    for (int i = 0; i < after.size(); i++) {
      is.put(after.index(i), after.bucketCount(i));
    }
    was.forEach(
        (index, count) ->
            assertThat(is.getOrDefault(index, 0L))
                .as("bucket %d", index)
                .isGreaterThanOrEqualTo(count));
  }

  @Property(tries = 1000)
  void aValueFallsInTheBucketItsIndexNames(
      @ForAll @IntRange(min = NativeLayout.MIN_SCHEMA, max = NativeLayout.MAX_SCHEMA) int schema,
      @ForAll @DoubleRange(min = -700, max = 700) double log) {
    double x = Math.exp(log);
    int i = NativeLayout.indexOf(x, schema);
    assertThat(NativeLayout.upperBound(i, schema)).isGreaterThanOrEqualTo(x);
    assertThat(NativeLayout.upperBound(i - 1, schema)).isLessThan(x);
  }

  @Property(tries = 200)
  void bucketBoundsArePowersOfTwoAtEverySchemaAndCoarserBoundsAreFinerOnes(
      @ForAll @IntRange(min = NativeLayout.MIN_SCHEMA + 1, max = NativeLayout.MAX_SCHEMA)
          int schema,
      @ForAll @IntRange(min = -2000, max = 2000) int index) {
    // Bucket i at schema s-1 ends where bucket 2i ends at schema s.
    assertThat(NativeLayout.upperBound(index, schema - 1))
        .isEqualTo(NativeLayout.upperBound(2 * index, schema));
  }
}
