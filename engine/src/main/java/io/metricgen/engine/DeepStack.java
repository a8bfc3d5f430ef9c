package io.metricgen.engine;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs recursive work (parsing a deeply nested query or document) on the calling thread, and once
 * more on a thread with a large stack when that overflows, so that input as deep as Prometheus or
 * Grafana accept is read rather than crashing; beyond that it throws {@link TooDeepException}.
 */
public final class DeepStack {

  /** The stack of the second try: deep enough for nesting in the tens of thousands. */
  static final long LARGE_STACK = 1L << 30;

  /** Input nested deeper than even the large stack reads. */
  public static final class TooDeepException extends MetricgenException {
    private static final long serialVersionUID = 1L;

    TooDeepException() {
      super("it nests deeper than metricgen reads (about 100,000 levels)");
    }
  }

  private DeepStack() {}

  public static <T> T run(Supplier<T> work) {
    try {
      return work.get();
    } catch (StackOverflowError e) {
      return onLargeStack(work);
    }
  }

  private static <T> T onLargeStack(Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(work.get());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "metricgen-deep-stack",
            LARGE_STACK);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricgenException("interrupted", e);
    }
    Throwable f = failure.get();
    if (f instanceof StackOverflowError) {
      throw new TooDeepException();
    }
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error err) {
      throw err;
    }
    return result.get();
  }
}
