package io.metricgen.engine.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.DashboardReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.promql.RegexMatch;
import io.metricgen.engine.series.CompiledScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edges real dashboard sets reach: one construct that can't be met is reported and the rest is
 * scaffolded; regexes in RE2's dialect; Grafana's variables as Grafana resolves them; labels as the
 * queries need them.
 */
class ScaffoldEdgesTest {

  private static Scaffold scaffold(String templating, String... exprs) {
    return Scaffolder.scaffold(List.of(dashboard("D", templating, exprs)), List.of());
  }

  static Dashboard dashboard(String title, String templating, String... exprs) {
    StringBuilder panels = new StringBuilder();
    for (int i = 0; i < exprs.length; i++) {
      panels
          .append(i == 0 ? "" : ",\n")
          .append("{\"title\": \"P")
          .append(i)
          .append("\", \"targets\": [{\"refId\": \"A\", \"expr\": ")
          .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(exprs[i]))
          .append("}]}");
    }
    return DashboardReader.read(
        title + ".json",
        "{\"title\": \""
            + title
            + "\", \"templating\": {\"list\": ["
            + templating
            + "]}, \"panels\": [\n"
            + panels
            + "]}");
  }

  private static MetricSpec metric(Scaffold s, String name) {
    return s.scenario().metrics.stream()
        .filter(m -> m.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + names(s)));
  }

  private static List<String> names(Scaffold s) {
    return s.scenario().metrics.stream().map(m -> m.name).toList();
  }

  private static long series(Scaffold s) {
    CompiledScenario c =
        ScenarioLoader.compile("scaffold", ScenarioLoader.write(s.scenario()), null);
    return c.seriesCount();
  }

  @Test
  void aSelectorThatCanNeverMatchIsALocatedWarningAndTheRestIsScaffolded() {
    Scaffold s = scaffold("", "rate(requests_total[5m])", "sum(up{a!~\".*\"})");
    assertThat(names(s)).contains("requests_total");
    assertThat(s.skipped()).hasSize(1);
    Problem p = s.skipped().get(0);
    assertThat(p.source()).isEqualTo("D.json");
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.field()).isEqualTo("panels[1].targets[0].expr");
    assertThat(p.message())
        .startsWith("dashboard \"D\" panel \"P1\" (A): the selector can never match")
        .contains("a!~\".*\"");
    assertThat(s.panels()).isEqualTo(new Scaffold.Count(2, 1));
  }

  @Test
  void aRegexThatBacktrackingMatchersNeverFinishIsMetAtOnce() {
    Scaffold s =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> scaffold("", "sum(up{a=~\"(.*a){20}\"})"));
    assertThat(metric(s, "up").labels.get("a"))
        .anySatisfy(v -> assertThat(RegexMatch.fullMatch("(.*a){20}", v)).isTrue());
  }

  @Test
  void caseInsensitiveRegexesAndRe2ClassesGetValuesAReaderWouldWrite() {
    String node =
        "{\"name\": \"node\", \"type\": \"query\","
            + " \"query\": \"label_values(node_uname_info, nodename)\"}";
    Scaffold s =
        scaffold(
            node,
            "node_uname_info{nodename=~\"(?i:($node)(\\\\.[a-z0-9.-]+)?)\"}",
            "x_total{method=~\"(?i)get|post\", zone=~\"\\\\p{Greek}+\", id=~\"[[:digit:]]{3}\"}");
    assertThat(s.skipped()).isEmpty();
    assertThat(metric(s, "node_uname_info").labels.get("nodename")).contains("nodename-1");
    MetricSpec x = metric(s, "x_total");
    assertThat(x.labels.get("method")).containsExactly("get", "post");
    assertThat(x.labels.get("zone"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(Character.UnicodeScript.of(v.codePointAt(0)))
                    .isEqualTo(Character.UnicodeScript.GREEK));
    assertThat(x.labels.get("id")).containsExactly("000");
  }

  @Test
  void intervalVariablesAndBuiltInsAreSubstitutedInsideRangesAndSubqueries() {
    String interval =
        "{\"name\": \"interval\", \"type\": \"interval\", \"query\": \"1m,5m,1h\", \"auto\": true,"
            + " \"options\": [{\"text\": \"auto\", \"value\": \"$__auto_interval_interval\"},"
            + " {\"text\": \"1m\", \"value\": \"1m\"}, {\"text\": \"5m\", \"value\": \"5m\"}]}";
    Scaffold s =
        scaffold(
            interval,
            "rate(a_total[$interval])",
            "max_over_time(rate(b_total[$__rate_interval])[$__range:$__interval] offset"
                + " ${interval})",
            "increase(c_total[${__range_s}s])");
    assertThat(s.skipped()).isEmpty();
    assertThat(names(s)).contains("a_total", "b_total", "c_total");
  }

  @Test
  void cyclicVariablesSayTheyAreCyclicNotThatARegexMatchesNothing() {
    String vars =
        "{\"name\": \"a\", \"type\": \"query\", \"query\": \"label_values(m{x=\\\"$b\\\"}, y)\"},"
            + "{\"name\": \"b\", \"type\": \"query\", \"query\": \"label_values(m{y=\\\"$a\\\"}, x)\"},"
            + "{\"name\": \"self\", \"type\": \"query\", \"query\": \"label_values(m{z=~\\\"$self\\\"}, z)\"}";
    Scaffold s = scaffold(vars, "m{x=\"$b\"}", "rate(other_total[5m])");
    assertThat(s.skipped())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("variable $a").contains("cycle"))
        .anySatisfy(m -> assertThat(m).contains("variable $self").contains("cycle"))
        .anySatisfy(m -> assertThat(m).contains("refers to the variable $b, which has no value"))
        .noneSatisfy(m -> assertThat(m).contains("no value found that the regex"));
    assertThat(names(s)).contains("other_total");
  }

  @Test
  void labelValuesArePooledPerMetricNotAcrossEveryQueryOfTheFleet() {
    List<String> exprs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      exprs.add("m" + i + "{a=\"x" + i + "\"}");
    }
    Scaffold s = scaffold("", exprs.toArray(String[]::new));
    assertThat(series(s)).isEqualTo(50);
    assertThat(metric(s, "m7").labels.get("a")).containsExactly("x7");
  }

  @Test
  void valuesStillMeetWhereQueriesJoinOrAggregateBothSides() {
    Scaffold s =
        scaffold(
            "",
            "sum by (job) (rate(a_total{job=\"api\"}[5m])) / sum by (job) (rate(b_total[5m]))",
            "c_total{job=\"web\"}");
    assertThat(metric(s, "b_total").labels.get("job")).contains("api");
    assertThat(metric(s, "c_total").labels.get("job")).containsExactly("web");
  }

  @Test
  void everyValueDifferentQueriesAskOfOneLabelIsKept() {
    Scaffold s =
        scaffold(
            "",
            "mongodb_rs_members_state{member_state=\"PRIMARY\"}",
            "mongodb_rs_members_state{member_state=\"SECONDARY\"}",
            "sum(apiserver_sli_total{scope=~\"resource|\"})");
    assertThat(metric(s, "mongodb_rs_members_state").labels.get("member_state"))
        .containsExactlyInAnyOrder("PRIMARY", "SECONDARY");
    assertThat(metric(s, "apiserver_sli_total").labels.get("scope")).contains("resource");
  }

  @Test
  void aSummarysQuantileLabelIsKeptAndRecordedBucketsKeepTheirLe() {
    Scaffold s =
        scaffold(
            "",
            "go_gc_duration_seconds{quantile=~\"1.0|1\"}",
            "sum(cluster:requests_bucket:increase1h{le=\"+Inf\"})");
    MetricSpec gc = metric(s, "go_gc_duration_seconds");
    assertThat(gc.type).isEqualTo(MetricType.SUMMARY);
    assertThat(gc.quantiles).contains(1.0);
    MetricSpec recorded = metric(s, "cluster:requests_bucket:increase1h");
    assertThat(recorded.type).isEqualTo(MetricType.GAUGE);
    assertThat(recorded.labels.get("le")).contains("+Inf");
  }

  @Test
  void aGaugeJoinedToAHistogramQuantileIsNotAHistogram() {
    Scaffold s =
        scaffold(
            "",
            "histogram_quantile(0.99, sum by (instance, le) (rate(relist_seconds_bucket[5m]))"
                + " * on (instance) group_left (node) kubelet_node_name)");
    assertThat(metric(s, "kubelet_node_name").type).isEqualTo(MetricType.GAUGE);
    ScaffoldSeries.oneSeriesPerKey(metric(s, "kubelet_node_name"), java.util.Set.of("instance"));
  }

  @Test
  void theOneSideOfAJoinThroughAnAggregationHasOneSeriesPerKey() {
    Scaffold s =
        scaffold(
            "",
            "kubelet_running_pods * on (cluster, instance) group_left (node)"
                + " max by (cluster, instance, node) (kubelet_node_name)",
            "count by (resource) (capacity{resource=\"cpu\"})",
            "x / on (node) group_left () max by (node) (capacity{resource=\"pods\"})");
    MetricSpec nodeName = metric(s, "kubelet_node_name");
    ScaffoldSeries.oneSeriesPerKey(nodeName, java.util.Set.of("cluster", "instance"));
    assertThat(ScaffoldSeries.values(nodeName, "node"))
        .as("a node for each instance, not one node for all")
        .hasSize(2);
    assertThat(ScaffoldSeries.values(metric(s, "capacity"), "resource"))
        .as("pinned by = in the join, so it need not be one value")
        .contains("cpu", "pods");
  }

  @Test
  void allAndMultiValuesNeverBecomeLabelValues() {
    String job =
        "{\"name\": \"job\", \"type\": \"query\", \"query\": \"label_values(up, job)\","
            + " \"multi\": true, \"includeAll\": true}";
    Scaffold s = scaffold(job, "up{job=\"$job\"}", "rate(x_total{job=~\"$job\"}[5m])");
    assertThat(metric(s, "up").labels.get("job"))
        .isNotEmpty()
        .allSatisfy(
            v -> assertThat(v).doesNotContain("|").doesNotContain("(").doesNotContain("\\"));
    assertThat(metric(s, "x_total").labels.get("job"))
        .allSatisfy(v -> assertThat(v).doesNotContain("|"));
  }

  @Test
  void customVariablesWithKeyValuePairsGiveTheirValues() {
    String custom =
        "{\"name\": \"env\", \"type\": \"custom\", \"query\": \"Production : prod,Staging : stage\"}";
    Scaffold s = scaffold(custom, "up{env=\"$env\"}");
    assertThat(metric(s, "up").labels.get("env")).containsExactlyInAnyOrder("prod", "stage");
  }

  @Test
  void setsScaffoldedInOneCallGetTheirOwnCombinationsNotTheProductOfAll() {
    Dashboard a = dashboard("A", "", "sum by (instance, mode) (up{job=\"a\"})");
    Dashboard b = dashboard("B", "", "sum by (pod, namespace) (up{job=\"b\"})");
    long apart =
        series(Scaffolder.scaffold(List.of(a), List.of()))
            + series(Scaffolder.scaffold(List.of(b), List.of()));
    Scaffold together = Scaffolder.scaffold(List.of(a, b), List.of(), source -> source);
    assertThat(series(together)).isLessThanOrEqualTo((long) (apart * 1.1));
    assertThat(series(Scaffolder.scaffold(List.of(a, b), List.of())))
        .as("as one set, every label of both multiplies")
        .isGreaterThan(series(together));
    List<java.util.Map<String, String>> up = ScaffoldSeries.of(metric(together, "up"));
    // Each set's query still finds every combination it groups by.
    assertThat(up.stream().filter(x -> x.get("job").equals("a")).map(x -> x.get("instance")))
        .hasSize(4)
        .containsOnly("host-1:9100", "host-2:9100");
    assertThat(up.stream().filter(x -> x.get("job").equals("b")).map(x -> x.get("namespace")))
        .hasSize(4)
        .containsOnly("default", "production");
  }

  @Test
  void queriesAsDeepAsPrometheusAcceptsAreReadInLinearTime() {
    String parens = "(".repeat(2000) + "deep_metric" + ")".repeat(2000);
    String sum = String.join(" + ", java.util.Collections.nCopies(2000, "wide_metric"));
    Scaffold s = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> scaffold("", parens, sum));
    assertThat(s.skipped()).isEmpty();
    assertThat(names(s)).contains("deep_metric", "wide_metric");
  }
}
