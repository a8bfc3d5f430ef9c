package io.metricgen.engine.verify;

/**
 * One query of a panel or rule, run over the range: how many series it returned, or why it could
 * not run.
 *
 * @param owner the dashboard and panel, or the rule file and rule
 * @param variant which values the template variables had: "first", "All", or "" when none
 * @param query the query as sent, variables replaced
 * @param error why the query could not run, or null
 */
public record TargetResult(
    String owner, String refId, String variant, String query, int series, String error) {

  /** Data, empty, or error. */
  public String verdict() {
    return error != null ? "error" : series > 0 ? "data" : "empty";
  }

  public boolean hasData() {
    return error == null && series > 0;
  }
}
