package io.metricgen.engine.live;

import io.metricgen.engine.series.MetricFamily;

/** A family of a live scenario and the state of each of its series, in the family's order. */
record FamilyState(MetricFamily family, SeriesState[] series) {}
