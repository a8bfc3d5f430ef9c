package io.metricgen.engine.transport;

/**
 * The receiver refused the data for good: running again with the same input and target won't help,
 * so a Job must not retry it (the CLI exits with its own code for this).
 */
public class RefusedException extends DeliveryException {

  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }
}
