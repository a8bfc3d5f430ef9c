package io.metricgen.engine.exposition;

/** The text formats metricgen writes. */
public enum ExpositionFormat {
  /**
   * OpenMetrics 1.0, ending in {@code # EOF}.
   *
   * @see <a href="https://prometheus.io/docs/specs/om/open_metrics_spec/">OpenMetrics 1.0</a>
   */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
  /**
   * The Prometheus text format 0.0.4.
   *
   * @see <a href="https://prometheus.io/docs/instrumenting/exposition_formats/">exposition
   *     formats</a>
   */
  TEXT("text/plain; version=0.0.4; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }
}
