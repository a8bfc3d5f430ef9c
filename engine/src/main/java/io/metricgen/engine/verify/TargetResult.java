package io.metricgen.engine.verify;

/**
 * One query of a panel or rule, run over the range: how many series it returned, or why it could
 * not run.
 *
 * @param owner the dashboard and panel, or the rule file and rule
 * @param key what tells the panel or rule apart from every other, even one of the same title: its
 *     file and field
 * @param variant which values the template variables had: "first", "All", or "" when none
 * @param query the query as sent, variables replaced
 * @param error why the query could not run, or null
 */
public record TargetResult(
    String owner,
    String key,
    String refId,
    String variant,
    String query,
    int series,
    String error) {

  /** Whether it is a rule's query rather than a panel's. */
  public boolean rule() {
    return refId.equals("alert") || refId.equals("record");
  }

  /** Series of a query that can't have data whatever Prometheus holds (see {@link #verdict}). */
  public static final int NOT_APPLICABLE = -1;

  /** Data, empty, error, or n/a for a query Grafana can't run either. */
  public String verdict() {
    return error != null
        ? "error"
        : series == NOT_APPLICABLE ? "n/a" : series > 0 ? "data" : "empty";
  }

  /** Whether it returned data, or is a query no data could serve (it counts as no gap). */
  public boolean hasData() {
    return error == null && (series > 0 || series == NOT_APPLICABLE);
  }
}
