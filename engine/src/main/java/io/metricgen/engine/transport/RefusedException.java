package io.metricgen.engine.transport;

/**
 * The receiver refused the data for good: running again with the same input and target won't help,
 * so a Job must not retry it (the CLI exits with its own code for this).
 */
public class RefusedException extends DeliveryException {

  private static final long serialVersionUID = 1L;

  private final boolean tooOld;

  public RefusedException(String message) {
    this(message, false);
  }

  /**
   * @param tooOld whether the data is older than the receiver takes (Prometheus's head window):
   *     what an out-of-order window, or blocks written with promtool, would fix
   */
  public RefusedException(String message, boolean tooOld) {
    super(message);
    this.tooOld = tooOld;
  }

  public boolean tooOld() {
    return tooOld;
  }
}
