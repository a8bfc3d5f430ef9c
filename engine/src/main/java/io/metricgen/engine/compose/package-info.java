/**
 * The engine's public API: compose Prometheus time series in code ({@link
 * io.metricgen.engine.compose.Scenario}, {@link io.metricgen.engine.compose.Metric}, {@link
 * io.metricgen.engine.compose.Shape}), then expose, export or remote-write them. Every value is
 * immutable and checked as it is built. The engine's other packages are its internals: they serve
 * the metricgen CLI and operator and may change between versions.
 */
package io.metricgen.engine.compose;
