package io.metricgen.operator.controller;

/**
 * What one reconciliation concluded, before it becomes status: the phase (null: leave it as it is),
 * how the resource stands (Ready and Degraded conditions) with a reason and a message.
 */
record Verdict(Phase phase, Health health, String reason, String message) {

  /** The Ready and Degraded conditions a verdict gives: never both true. */
  enum Health {
    /** Ready=True, Degraded=False. */
    READY,
    /** Ready=False, Degraded=False: on its way. */
    PROGRESSING,
    /** Ready=False, Degraded=True: a problem. */
    DEGRADED
  }

  static Verdict running() {
    return new Verdict(
        Phase.RUNNING, Health.READY, "Running", "the generator is pushing the scenario's values");
  }

  static Verdict completed() {
    return new Verdict(
        Phase.COMPLETED,
        Health.READY,
        "Completed",
        "the generator ran its duration and removed its group");
  }

  static Verdict waiting(String what) {
    return new Verdict(Phase.PENDING, Health.PROGRESSING, "Progressing", "waiting for " + what);
  }

  static Verdict invalid(String message) {
    return new Verdict(Phase.INVALID, Health.DEGRADED, "InvalidSpec", message);
  }

  static Verdict problem(String reason, String message) {
    return new Verdict(Phase.DEGRADED, Health.DEGRADED, reason, message);
  }

  static Verdict expired(String message) {
    return new Verdict(Phase.EXPIRED, Health.PROGRESSING, "Expired", message);
  }

  /** Ready=True. */
  boolean ready() {
    return health == Health.READY;
  }

  /** Degraded=True. */
  boolean degraded() {
    return health == Health.DEGRADED;
  }

  /** The phase's label for status, or null to leave status's phase as it is. */
  String phaseLabel() {
    return phase == null ? null : phase.label();
  }

  boolean isExpired() {
    return phase == Phase.EXPIRED;
  }

  /** An error of the operator's own (the API server, say): retried, so still reconciling. */
  private boolean operatorError() {
    return "ReconcileError".equals(reason);
  }

  /** Whether the operator is still at work on the spec: waiting, running toward done, retrying. */
  boolean reconciling() {
    return (!ready() && !degraded() && !isExpired()) || operatorError();
  }

  /** Whether only the resource's owner can move it on: an invalid spec, a missing source. */
  boolean stalled() {
    return degraded() && !operatorError();
  }
}
