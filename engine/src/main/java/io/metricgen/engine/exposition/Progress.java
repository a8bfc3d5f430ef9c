package io.metricgen.engine.exposition;

/** Told how far long work has come; the CLI draws it. Calls come from the working thread. */
public interface Progress {

  /** Nothing is shown. */
  Progress NONE = (done, total) -> {};

  /** {@code done} of {@code total} samples are written. */
  void update(long done, long total);
}
