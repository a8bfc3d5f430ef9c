package io.metricgen.engine.live;

import io.metricgen.engine.series.LastSample;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;

/** One series of a live scenario: its cursor, the status of its current step, its incident. */
final class SeriesState {
  final Series series;
  final String definition;
  SeriesCursor cursor;
  int status = SeriesCursor.ABSENT;
  boolean everPresent;
  // The running incident that drives it, or null.
  Incident incident;

  SeriesState(Series series, String definition) {
    this.series = series;
    this.definition = definition;
  }

  /** Advances its cursor one step. */
  void next() {
    status = cursor.next();
    everPresent |= status == SeriesCursor.PRESENT;
  }

  /** Its last sample, copied, or null when it has had none. */
  LastSample last() {
    return everPresent ? LastSample.of(cursor) : null;
  }
}
