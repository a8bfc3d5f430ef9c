package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.metricgen.operator.desired.PushgatewayObjects;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a resource's status from a {@link Verdict}: {@code observedGeneration}, the conditions
 * Ready, Expired, Degraded, Reconciling and Stalled (each keeps its {@code lastTransitionTime}
 * while its value holds), and what a user needs to find the data.
 */
final class StatusAggregator {

  static final String READY = "Ready";
  static final String EXPIRED = "Expired";
  static final String DEGRADED = "Degraded";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  private StatusAggregator() {}

  static MetricGeneratorStatus status(
      MetricGenerator mg,
      Verdict verdict,
      Optional<Instant> expiresAt,
      List<String> dashboardUids,
      Instant now) {
    List<Condition> previous = mg.getStatus() == null ? List.of() : mg.getStatus().conditions;
    long generation =
        mg.getMetadata().getGeneration() == null ? 0 : mg.getMetadata().getGeneration();
    MetricGeneratorStatus status = new MetricGeneratorStatus();
    status.phase = verdict.phaseLabel();
    status.observedGeneration = generation;
    status.expiresAt = expiresAt.map(StatusAggregator::time).orElse(null);
    boolean live = !verdict.isExpired();
    status.pushgatewayUrl = live ? PushgatewayObjects.url(mg) : null;
    // Kept after expiry too: it says what the history written for the resource counts from.
    status.epoch =
        mg.getSpec().history != null && mg.getStatus() != null ? mg.getStatus().epoch : null;
    status.dashboardUids = live ? List.copyOf(dashboardUids) : List.of();

    status.conditions =
        conditions(
            previous,
            verdict,
            expiresAt
                .map(at -> "everything is removed at " + time(at))
                .orElse("no ttl or expiresAt: runs until deleted"),
            generation,
            now);
    return status;
  }

  /**
   * The conditions of either kind, from a verdict: {@code Ready}, {@code Expired} and {@code
   * Degraded}, and the two that kstatus (Flux) reads: {@code Reconciling} while the operator is
   * still making the spec real (or retrying an error of its own), {@code Stalled} while only the
   * owner can move it on.
   *
   * @param notExpired what Expired=False says: when everything goes
   */
  static List<Condition> conditions(
      List<Condition> previous, Verdict verdict, String notExpired, long generation, Instant now) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            previous,
            READY,
            verdict.ready(),
            verdict.reason(),
            verdict.message(),
            generation,
            now));
    conditions.add(
        verdict.isExpired()
            ? condition(previous, EXPIRED, true, "Expired", verdict.message(), generation, now)
            : condition(previous, EXPIRED, false, "NotExpired", notExpired, generation, now));
    conditions.add(
        verdict.degraded()
            ? condition(
                previous, DEGRADED, true, verdict.reason(), verdict.message(), generation, now)
            : condition(previous, DEGRADED, false, "AsExpected", "no problems", generation, now));
    conditions.add(
        verdict.reconciling()
            ? condition(
                previous, RECONCILING, true, verdict.reason(), verdict.message(), generation, now)
            : condition(
                previous, RECONCILING, false, "Reconciled", "nothing left to do", generation, now));
    conditions.add(
        verdict.stalled()
            ? condition(
                previous, STALLED, true, verdict.reason(), verdict.message(), generation, now)
            : condition(
                previous, STALLED, false, "NotStalled", "nothing stops it", generation, now));
    return conditions;
  }

  /** A condition that keeps its previous {@code lastTransitionTime} if its status is unchanged. */
  static Condition condition(
      List<Condition> previous,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    return condition(previous, type, value ? "True" : "False", reason, message, generation, now);
  }

  /** As above, with True, False or Unknown. */
  static Condition condition(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String since =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(time(now));
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** RFC 3339 in whole seconds, as Kubernetes writes times. */
  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
