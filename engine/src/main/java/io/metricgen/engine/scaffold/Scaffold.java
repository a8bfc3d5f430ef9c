package io.metricgen.engine.scaffold;

import io.metricgen.engine.Problem;
import io.metricgen.engine.model.Scenario;
import java.util.List;
import java.util.Map;

/**
 * A scenario made from dashboards and rules: the scenario, what uses each of its metrics, and what
 * could not be scaffolded.
 *
 * @param usedBy for each metric of the scenario, the panels and rules that query it
 * @param skipped what scaffold left out, each with its file, line, panel or rule and why: queries
 *     that don't parse, selectors that can never match, variables without values
 * @param notes what the scenario leaves out, and why
 * @param queries how many queries were read
 * @param panels panels read, and how many of them were scaffolded whole
 * @param rules rules read, and how many of them were scaffolded whole
 * @param incidents the alerts the scenario makes fire, and those it doesn't, with why
 */
public record Scaffold(
    Scenario scenario,
    Map<String, List<String>> usedBy,
    List<Problem> skipped,
    List<String> notes,
    int queries,
    Count panels,
    Count rules,
    Incidents incidents) {

  /** How many were read, and how many of them were scaffolded without a skipped query. */
  public record Count(int read, int scaffolded) {}
}
