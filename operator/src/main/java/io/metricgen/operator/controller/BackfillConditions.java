package io.metricgen.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Backfill's conditions, in the MetricGenerator's form: Ready, Expired, Degraded, Reconciling and
 * Stalled, each with {@code observedGeneration}, keeping its {@code lastTransitionTime} while its
 * value holds.
 */
final class BackfillConditions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BackfillConditions() {}

  /** The status with Ready, Expired and Degraded from {@code verdict}. */
  static BackfillStatus withConditions(
      Backfill bf, BackfillStatus status, Verdict verdict, Instant now) {
    List<Condition> previous = bf.getStatus() == null ? List.of() : bf.getStatus().conditions;
    long generation =
        bf.getMetadata().getGeneration() == null ? 0 : bf.getMetadata().getGeneration();
    if (verdict.phase() != null && !verdict.isExpired()) {
      status.phase = verdict.phaseLabel();
    }
    status.observedGeneration = generation;
    status.conditions =
        StatusAggregator.conditions(
            previous,
            verdict,
            status.expiresAt == null
                ? "the Job and checkpoints stay until the Backfill is deleted"
                    + (bf.getSpec() != null && bf.getSpec().ttl != null
                        ? " or its ttl after the run ends"
                        : "")
                : "the Job and checkpoints are removed at " + status.expiresAt,
            generation,
            now);
    return status;
  }

  /** The last status, with Expired=True: what the run did stays readable. */
  static BackfillStatus expired(Backfill bf, BackfillStatus previous, Instant now) {
    BackfillStatus status = copy(previous);
    long generation =
        bf.getMetadata().getGeneration() == null ? 0 : bf.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.estimatedTimeLeft = null;
    List<Condition> conditions = new ArrayList<>();
    for (Condition c : previous.conditions) {
      if (!StatusAggregator.EXPIRED.equals(c.getType())) {
        conditions.add(c);
      }
    }
    conditions.add(
        StatusAggregator.condition(
            previous.conditions,
            StatusAggregator.EXPIRED,
            true,
            "Expired",
            "expired at "
                + previous.expiresAt
                + ": the Job, its pods and the checkpoints were removed; the data stays",
            generation,
            now));
    status.conditions = conditions;
    return status;
  }

  static BackfillStatus copy(BackfillStatus status) {
    return status == null ? new BackfillStatus() : JSON.convertValue(status, BackfillStatus.class);
  }
}
