package io.metricgen.engine.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after attempt n it waits a random time between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}, and no less than a server's Retry-After up to
 * {@code max} (a server can't park a client for a day). All waits of one call add up to at most
 * {@link #MAX_TOTAL_WAIT}.
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

  /** The longest all the waits of one call may add up to before it gives up. */
  public static final Duration MAX_TOTAL_WAIT = Duration.ofMinutes(5);

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
    long waited = 0;
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
      if (waited + wait.toMillis() > MAX_TOTAL_WAIT.toMillis()) {
        throw new DeliveryException(
            what
                + " failed after "
                + n
                + " attempts and "
                + waited / 1000
                + " s of waiting (retries stop at "
                + MAX_TOTAL_WAIT.toMinutes()
                + " min in all); the last: "
                + retry.reason());
      }
      String reason = retry.reason();
      if (retry.after() != null && retry.after().compareTo(max) > 0) {
        reason +=
            "; the server asked to wait "
                + retry.after().toSeconds()
                + " s (Retry-After), capped at "
                + max.toSeconds()
                + " s";
      }
      listener.retrying(n, reason, wait);
      waited += wait.toMillis();
      Thread.sleep(wait.toMillis());
    }
  }

  Duration backoff(int attempt, Duration serverAsked) {
    long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
    long wait = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    return Duration.ofMillis(
        serverAsked == null
            ? wait
            : Math.max(wait, Math.min(serverAsked.toMillis(), max.toMillis())));
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
