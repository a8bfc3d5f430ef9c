package io.metricgen.engine.promql.eval;

/**
 * A query that fails, with the {@code errorType} Prometheus's HTTP API would give ({@code bad_data}
 * for a query that does not parse or type-check, {@code execution} for one that fails while it
 * runs) and its message in Prometheus's words where Prometheus has them.
 */
public class QueryException extends RuntimeException {

  private final String errorType;

  public QueryException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  /** {@code bad_data}, {@code execution}, or {@code unsupported}. */
  public String errorType() {
    return errorType;
  }

  static QueryException execution(String message) {
    return new QueryException("execution", message);
  }

  static QueryException badData(String message) {
    return new QueryException("bad_data", message);
  }
}
