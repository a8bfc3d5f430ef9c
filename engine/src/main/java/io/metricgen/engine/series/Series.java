package io.metricgen.engine.series;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * One series of a family: its labels (without the metric name) and the key that seeds its random
 * shapes.
 */
public record Series(Labels labels, long key) {}
