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
    layout.fill(total, count, 1.5 * count, n);
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
