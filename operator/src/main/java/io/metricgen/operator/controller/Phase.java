package io.metricgen.operator.controller;

/**
 * The phases status shows in {@code status.phase} (a printer column): where a MetricGenerator or a
 * Backfill is. Status keeps the label, a string, as the CRDs declare it.
 */
enum Phase {
  /** Waiting for what it needs (dependents, the Job's pods). */
  PENDING("Pending"),
  /** A MetricGenerator pushing, or a Backfill writing. */
  RUNNING("Running"),
  /** A MetricGenerator that ran its duration. */
  COMPLETED("Completed"),
  /** A problem its owner must fix. */
  DEGRADED("Degraded"),
  /** A spec that does not validate. */
  INVALID("Invalid"),
  /** Past its time to live: all it made is removed. */
  EXPIRED("Expired"),
  /** A Backfill that wrote its whole range. */
  SUCCEEDED("Succeeded"),
  /** A Backfill whose Job failed. */
  FAILED("Failed");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /** What status shows. */
  String label() {
    return label;
  }

  /** The phase status shows, or null for none (or one this version does not know). */
  static Phase of(String label) {
    for (Phase p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    return null;
  }
}
