package io.metricgen.engine;

/** Base of metricgen's own exceptions. */
public class MetricgenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MetricgenException(String message) {
    super(message);
  }

  public MetricgenException(String message, Throwable cause) {
    super(message, cause);
  }
}
