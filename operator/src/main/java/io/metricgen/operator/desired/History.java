package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.metricgen.engine.time.Durations;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillSpec;
import io.metricgen.operator.model.MetricGenerator;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A MetricGenerator's history: a Backfill it owns writes [epoch, epoch + duration), and the live
 * generator counts from the same epoch, so the live samples continue the backfilled series.
 */
public final class History {

  private History() {}

  /**
   * The MetricGenerator's time 0: as recorded in its status, else as its Backfill was made with (a
   * status patch may have been lost), else the duration before {@code now}.
   */
  public static Instant epoch(MetricGenerator mg, Backfill existing, Instant now) {
    if (mg.getStatus() != null && mg.getStatus().epoch != null) {
      return OffsetDateTime.parse(mg.getStatus().epoch).toInstant();
    }
    if (existing != null && existing.getSpec() != null && existing.getSpec().start != null) {
      return OffsetDateTime.parse(existing.getSpec().start).toInstant();
    }
    return now.minus(Durations.parse(mg.getSpec().history.duration))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** The Backfill that writes the history, owned by the MetricGenerator. */
  public static Backfill backfill(MetricGenerator mg, Instant epoch) {
    Backfill bf = new Backfill();
    bf.setMetadata(
        new ObjectMetaBuilder(Common.owned(mg, Names.history(mg), BackfillObjects.COMPONENT))
            .build());
    BackfillSpec spec = new BackfillSpec();
    spec.metricGeneratorRef = new BackfillSpec.MetricGeneratorRef();
    spec.metricGeneratorRef.name = mg.getMetadata().getName();
    spec.start = epoch.toString();
    spec.end = epoch.plus(Durations.parse(mg.getSpec().history.duration)).toString();
    spec.target = mg.getSpec().history.target;
    spec.shards = mg.getSpec().history.shards;
    bf.setSpec(spec);
    return bf;
  }
}
