package io.metricgen.engine.remotewrite;

import io.metricgen.engine.transport.RefusedException;

/** The receiver refused a write request for good; the message carries its answer and advice. */
public final class RejectedWriteException extends RefusedException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;

  public RejectedWriteException(String message, int status, String body) {
    super(message, tooOld(body));
    this.status = status;
    this.body = body;
  }

  private static boolean tooOld(String body) {
    String b = body.toLowerCase(java.util.Locale.ROOT);
    return b.contains("out of bounds") || b.contains("too old sample");
  }

  /** The receiver's own answer (its first bytes, printable). */
  public String body() {
    return body;
  }

  /**
   * Whether the receiver already held samples at or after these timestamps: what a request that was
   * stored before (but not acknowledged) gets when it is sent again.
   */
  public boolean alreadyStored() {
    String b = body.toLowerCase(java.util.Locale.ROOT);
    return status == 400 && (b.contains("out of order") || b.contains("duplicate sample"));
  }
}
