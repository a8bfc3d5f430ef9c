package io.metricgen.engine.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after attempt n it waits a random time between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}, and never less than a server's Retry-After.
 */
public final class Retrier {

  /** The outcome of one attempt. */
  public sealed interface Outcome<T> permits Outcome.Done, Outcome.Retry {
    /** Finished (successfully, or failed in a way that retrying can't fix: thrown instead). */
    record Done<T>(T value) implements Outcome<T> {}

    /** Worth another try, after at least {@code after} (null: the backoff decides). */
    record Retry<T>(String reason, Duration after) implements Outcome<T> {}
  }

  /** One attempt; throws {@link DeliveryException} for failures no retry can fix. */
  public interface Attempt<T> {
    Outcome<T> run() throws InterruptedException;
  }

  /** Told of each retry, for logs. */
  public interface Listener {
    void retrying(int attempt, String reason, Duration wait);
  }

  private final int maxAttempts;
  private final Duration initial;
  private final Duration max;
  private final Listener listener;

  public Retrier(int maxAttempts, Duration initial, Duration max, Listener listener) {
    this.maxAttempts = Math.max(1, maxAttempts);
    this.initial = initial;
    this.max = max;
    this.listener = listener;
  }

  /** The default: 10 attempts, 250 ms doubling up to 30 s. */
  public static Retrier standard(Listener listener) {
    return new Retrier(10, Duration.ofMillis(250), Duration.ofSeconds(30), listener);
  }

  public <T> T run(String what, Attempt<T> attempt) throws InterruptedException {
    for (int n = 1; ; n++) {
      Outcome<T> outcome = attempt.run();
      if (outcome instanceof Outcome.Done<T> done) {
        return done.value();
      }
      Outcome.Retry<T> retry = (Outcome.Retry<T>) outcome;
      if (n >= maxAttempts) {
        throw new DeliveryException(
            what + " failed after " + n + " attempts; the last: " + retry.reason());
      }
      Duration wait = backoff(n, retry.after());
      listener.retrying(n, retry.reason(), wait);
      Thread.sleep(wait.toMillis());
    }
  }

  Duration backoff(int attempt, Duration serverAsked) {
    long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
    long wait = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    return Duration.ofMillis(serverAsked == null ? wait : Math.max(wait, serverAsked.toMillis()));
  }

  /** Reads a Retry-After header given in seconds; null when absent or a date. */
  public static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
