package io.metricgen.operator.controller;

/**
 * What one reconciliation concluded, before it becomes status: the phase, and the Ready and
 * Degraded conditions' values with a reason and a message.
 */
record Verdict(String phase, boolean ready, boolean degraded, String reason, String message) {

  static Verdict running() {
    return new Verdict(
        "Running", true, false, "Running", "the generator is pushing the scenario's values");
  }

  static Verdict completed() {
    return new Verdict(
        "Completed",
        true,
        false,
        "Completed",
        "the generator ran its duration and removed its group");
  }

  static Verdict waiting(String what) {
    return new Verdict("Pending", false, false, "Progressing", "waiting for " + what);
  }

  static Verdict invalid(String message) {
    return new Verdict("Invalid", false, true, "InvalidSpec", message);
  }

  static Verdict problem(String reason, String message) {
    return new Verdict("Degraded", false, true, reason, message);
  }

  static Verdict expired(String message) {
    return new Verdict("Expired", false, false, "Expired", message);
  }

  boolean isExpired() {
    return "Expired".equals(phase);
  }

  /** An error of the operator's own (the API server, say): retried, so still reconciling. */
  private boolean operatorError() {
    return "ReconcileError".equals(reason);
  }

  /** Whether the operator is still at work on the spec: waiting, running toward done, retrying. */
  boolean reconciling() {
    return (!ready && !degraded && !isExpired()) || operatorError();
  }

  /** Whether only the resource's owner can move it on: an invalid spec, a missing source. */
  boolean stalled() {
    return degraded && !operatorError();
  }
}
