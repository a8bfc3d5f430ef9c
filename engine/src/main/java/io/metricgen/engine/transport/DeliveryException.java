package io.metricgen.engine.transport;

import io.metricgen.engine.MetricgenException;

/** Samples could not be delivered, and retrying would not help (or retries ran out). */
public class DeliveryException extends MetricgenException {

  private static final long serialVersionUID = 1L;

  public DeliveryException(String message) {
    super(message);
  }

  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
