package io.metricgen.engine.scaffold;

import io.metricgen.engine.Problem;
import io.metricgen.engine.model.Scenario;
import java.util.List;
import java.util.Map;

/**
 * A scenario made from dashboards and rules: the scenario, what uses each of its metrics, and the
 * queries that could not be read.
 *
 * @param usedBy for each metric of the scenario, the panels and rules that query it
 * @param problems queries that do not parse, each with its file, line and panel
 * @param notes what the scenario leaves out, and why
 * @param queries how many queries were read
 */
public record Scaffold(
    Scenario scenario,
    Map<String, List<String>> usedBy,
    List<Problem> problems,
    List<String> notes,
    int queries) {}
