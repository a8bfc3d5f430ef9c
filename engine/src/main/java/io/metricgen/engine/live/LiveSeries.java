package io.metricgen.engine.live;

import io.metricgen.engine.model.MetricType;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A series of a live scenario as it stands, for people to look at.
 *
 * @param metric its family's name
 * @param type its family's type
 * @param labels its labels, without the name
 * @param value a gauge's or counter's value, a histogram's or summary's count; NaN when the current
 *     step has no sample
 * @param incident the id of the incident driving it, or null
 */
public record LiveSeries(
    String metric, MetricType type, Labels labels, double value, String incident) {}
