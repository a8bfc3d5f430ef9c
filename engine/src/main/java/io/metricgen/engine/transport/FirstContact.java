package io.metricgen.engine.transport;

import io.metricgen.engine.time.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * Whether a receiver has answered yet. Retries are for a receiver that answered before and went
 * away for a while (restarting, overloaded); one that can't be connected to at first contact
 * (connection refused, a host name that does not resolve) is a wrong URL or a program not started,
 * said within seconds, unless told to wait for it (a pod started beside its receiver).
 */
public final class FirstContact {

  private final Duration wait;
  private volatile boolean answered;
  private volatile boolean mayHaveDelivered;
  private volatile long firstAttemptNanos = Long.MIN_VALUE;

  /**
   * @param wait how long a receiver that can't be connected to at first is retried
   */
  public FirstContact(Duration wait) {
    this.wait = wait;
  }

  /** The receiver answered (with any status): from now on a failure to connect is retried. */
  public void answered() {
    answered = true;
    mayHaveDelivered = true;
  }

  /**
   * Whether anything sent may have reached the receiver: it answered, or an attempt failed after
   * connecting (a request may be stored though its answer was lost).
   */
  public boolean mayHaveDelivered() {
    return mayHaveDelivered;
  }

  /** Marks an attempt; the first one starts the wait. */
  public void attempt() {
    if (firstAttemptNanos == Long.MIN_VALUE) {
      firstAttemptNanos = System.nanoTime();
    }
  }

  /**
   * Throws when {@code e} is a failure to connect to a receiver that never answered, and the wait
   * for it is over; returns otherwise (the caller retries).
   *
   * @param what the receiver, as messages name it ("the Pushgateway", "the remote-write receiver")
   */
  public void check(IOException e, URI uri, String what) {
    if (answered) {
      return;
    }
    String reason = notConnected(e);
    if (reason == null) {
      mayHaveDelivered = true;
      return;
    }
    long waited = System.nanoTime() - firstAttemptNanos;
    if (waited < wait.toNanos()) {
      return;
    }
    throw new DeliveryException(
        "cannot reach "
            + what
            + " at "
            + Responses.redact(uri)
            + ": "
            + reason
            + ". Check the URL and that it is running"
            + (wait.isZero()
                ? " (--wait-for-receiver DURATION waits for one that is still starting)"
                : "; waited " + Durations.format(wait) + " for it"),
        e);
  }

  /** Why {@code e} never reached the receiver; null when it did (or may have). */
  static String notConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "its host name does not resolve";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within the connect timeout";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "the connection was refused (nothing listens there)";
      }
    }
    return null;
  }
}
