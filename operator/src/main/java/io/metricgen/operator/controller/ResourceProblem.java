package io.metricgen.operator.controller;

/**
 * Something about a resource or what it refers to that only its owner can fix (a missing dashboard
 * ConfigMap, a scrape Secret that isn't YAML). It becomes a condition with this reason, not a retry
 * storm: the reconciler looks again at its next periodic pass.
 */
final class ResourceProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  ResourceProblem(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A CamelCase reason for the condition, like {@code DashboardNotFound}. */
  String reason() {
    return reason;
  }
}
