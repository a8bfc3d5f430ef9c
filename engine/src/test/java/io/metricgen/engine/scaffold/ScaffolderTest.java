package io.metricgen.engine.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.promql.RegexMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scaffolder makes of the ways queries read metrics. */
class ScaffolderTest {

  private static Scaffold scaffold(String templating, String... exprs) {
    Dashboard d = ScaffoldEdgesTest.dashboard("D", templating, exprs);
    Scaffold s = Scaffolder.scaffold(List.of(d), List.of());
    assertThat(s.skipped()).isEmpty();
    // Whatever it makes, the engine takes.
    ScenarioLoader.compile("scaffold", ScenarioLoader.write(s.scenario()), null);
    return s;
  }

  private static MetricSpec metric(Scaffold s, String name) {
    Scenario scenario = s.scenario();
    return scenario.metrics.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
  }

  @Test
  void typesComeFromHowNamesAreQueried() {
    Scaffold s =
        scaffold(
            "",
            "histogram_quantile(0.9, sum by (le) (rate(lat_seconds_bucket{le=~\"0.3|1.2\"}[5m])))",
            "rate(lat_seconds_sum[5m]) / rate(lat_seconds_count[5m])",
            "rate(q_sum[5m]) / rate(q_count[5m])",
            "sum(rate(reqs_total[5m]))",
            "irate(node_cpu[1m])",
            "up");
    assertThat(metric(s, "lat_seconds").type).isEqualTo(MetricType.HISTOGRAM);
    assertThat(metric(s, "lat_seconds").buckets).contains(0.3, 1.2, 0.005, 10.0);
    assertThat(metric(s, "q").type).isEqualTo(MetricType.SUMMARY);
    assertThat(metric(s, "reqs_total").type).isEqualTo(MetricType.COUNTER);
    MetricSpec cpu = metric(s, "node_cpu");
    assertThat(cpu.type).isEqualTo(MetricType.GAUGE);
    assertThat(cpu.value.sawtooth).as("rises like a counter").isNotNull();
    assertThat(metric(s, "up").value.constant).isEqualTo(1.0);
    assertThat(s.usedBy().get("lat_seconds"))
        .containsExactly("dashboard \"D\" panel \"P0\" (A)", "dashboard \"D\" panel \"P1\" (A)");
  }

  @Test
  void namesThatHistogramFunctionsReadWithoutBucketsAreNativeHistograms() {
    Scaffold s =
        scaffold(
            "",
            "histogram_quantile(0.99, sum(rate(native_seconds{job=\"api\"}[5m])))",
            "histogram_count(rate(both_seconds[5m])) / rate(both_seconds_count[5m])",
            "histogram_quantile(0.9, sum by (le) (rate(classic_seconds_bucket[5m])))",
            "histogram_quantile(0.9, sum by (le) (job:recorded_bucket_rate:5m))");
    MetricSpec nativeOnly = metric(s, "native_seconds");
    assertThat(nativeOnly.type).isEqualTo(MetricType.HISTOGRAM);
    assertThat(nativeOnly.nativeHistogram).isNotNull();
    assertThat(nativeOnly.buckets).as("native only").isNull();
    MetricSpec both = metric(s, "both_seconds");
    assertThat(both.nativeHistogram).isNotNull();
    assertThat(both.buckets).as("its _count is read too: both").isNotNull();
    assertThat(metric(s, "classic_seconds").nativeHistogram).isNull();
    assertThat(metric(s, "job:recorded_bucket_rate:5m").nativeHistogram)
        .as("grouped by le: classic buckets under another name")
        .isNull();
  }

  @Test
  void labelValuesMeetEveryMatcher() {
    Scaffold s =
        scaffold(
            "",
            "sum by (method) (rate(http_total{code=~\"5..\", path=~\"/api/(orders|users)\","
                + " env=\"prod\", zone!=\"a\"}[5m]))");
    MetricSpec m = metric(s, "http_total");
    assertThat(m.labels.get("code")).singleElement().satisfies(v -> RegexMatch.fullMatch("5..", v));
    assertThat(m.labels.get("path")).contains("/api/orders", "/api/users");
    assertThat(m.labels.get("env")).containsExactly("prod");
    assertThat(m.labels.get("zone")).isNotEmpty().doesNotContain("a");
    assertThat(m.labels.get("method")).as("a grouping label gets a few values").hasSize(2);
  }

  @Test
  void theOneSideOfAJoinAndOverwrittenLabelsGetOneValue() {
    Scaffold s =
        scaffold(
            "",
            "sum by (pool) (rate(reads_total[5m])) * on (id) group_left (name) pool_info{name=~\"$x|.+\"}",
            "reads_total * on (id) group_left (name) pool_info",
            "label_replace(disk_ops, \"device\", \"$1\", \"dev\", \"/dev/(.*)\")");
    MetricSpec info = metric(s, "pool_info");
    assertThat(ScaffoldSeries.values(info, "id")).hasSize(2);
    // name is not a join key: it may differ between ids, but each id has one series.
    ScaffoldSeries.oneSeriesPerKey(info, java.util.Set.of("id"));
    assertThat(ScaffoldSeries.of(metric(s, "reads_total")))
        .allSatisfy(series -> assertThat(series).doesNotContainKey("name"));
    MetricSpec disk = metric(s, "disk_ops");
    assertThat(ScaffoldSeries.values(disk, "dev"))
        .allSatisfy(v -> assertThat(v).startsWith("/dev/"));
    assertThat(ScaffoldSeries.of(disk))
        .allSatisfy(series -> assertThat(series).doesNotContainKey("device"));
  }

  @Test
  void aLabelReplaceJoinGetsSourceValuesThatGiveTheOtherSidesValues() {
    Scaffold s =
        scaffold(
            "",
            "rate(node_disk_reads_total{device=~\"sd.\"}[5m]) and on (device)"
                + " label_replace(disk_info, \"device\", \"$1\", \"device\", \"/dev/(.*)\")");
    List<String> disks = metric(s, "node_disk_reads_total").labels.get("device");
    List<String> info = metric(s, "disk_info").labels.get("device");
    assertThat(info).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("/dev/"));
    assertThat(info).anySatisfy(v -> assertThat(disks).contains(v.substring("/dev/".length())));
    assertThat(Relabel.invert("/dev/(.*)", "$1", "sda")).isEqualTo("/dev/sda");
    assertThat(Relabel.invert("/dev/(.*)", "$1", "/dev/sda")).as("already in source form").isNull();
    assertThat(Relabel.invert("([^:]*):.*", "$1", "host"))
        .as("not a literal prefix and suffix")
        .isNull();
  }

  @Test
  void aLabelThatGroupLeftOverwritesHasOneValueOnTheManySide() {
    Scaffold s =
        scaffold(
            "",
            "rate(ops_total[5m]) * on (id) group_left (daemon) daemon_info",
            "sum by (daemon) (rate(ops_total{daemon=~\"osd.*\"}[5m]))");
    MetricSpec ops = metric(s, "ops_total");
    // Else two series that differ only in daemon would collide in the join.
    java.util.Set<String> others = new java.util.TreeSet<>();
    ScaffoldSeries.of(ops).forEach(series -> others.addAll(series.keySet()));
    others.remove("daemon");
    ScaffoldSeries.oneSeriesPerKey(ops, others);
    assertThat(ScaffoldSeries.values(ops, "daemon"))
        .as("the value its own matcher asks for")
        .anySatisfy(d -> assertThat(d).startsWith("osd"));
  }

  @Test
  void sidesOfAJoinWithoutOnCarryTheSameLabels() {
    Scaffold s = scaffold("", "used_bytes{job=\"x\", osd=~\".+\"} / size_bytes");
    assertThat(metric(s, "size_bytes").labels.keySet())
        .isEqualTo(metric(s, "used_bytes").labels.keySet());
  }

  @Test
  void comparisonsShapeTheValues() {
    Scaffold s =
        scaffold(
            "",
            "count(mgr_status == 1)",
            "count(mgr_status == 0)",
            "count(osd_bytes < 100)",
            "count(osd_bytes >= 1000 < 2000)",
            "absent(wal_bytes) * 1",
            "count(wal_bytes)");
    MetricSpec mgr = metric(s, "mgr_status");
    assertThat(List.of(mgr.value.square.low, mgr.value.square.high)).containsExactly(1.0, 0.0);
    MetricSpec osd = metric(s, "osd_bytes");
    assertThat(osd.value.sawtooth.low).isLessThan(100);
    assertThat(osd.value.sawtooth.high).isGreaterThan(2000);
    assertThat(metric(s, "wal_bytes").value.repeat.value.sequence.get(1).value.gap).isTrue();
  }

  @Test
  void variablesAreReadInTheOrderTheyNeedAndTheirRegexApplies() {
    String templating =
        "{\"name\": \"host\", \"type\": \"query\", \"query\": \"label_values(node_up{job=~\\\"$job\\\"}, instance)\","
            + " \"regex\": \"/([^:]+):.*/\"},"
            + "{\"name\": \"job\", \"type\": \"query\", \"query\": \"label_values(node_up, job)\"},"
            + "{\"name\": \"daemon\", \"type\": \"query\", \"query\": \"label_values(svc_info, daemon)\","
            + " \"regex\": \"mon\\\\.(.*)\"}";
    Scaffold s =
        scaffold(
            templating,
            "node_load1{instance=~\"$host(:[0-9]+)?\"}",
            "svc_up{daemon=~\"mon.$daemon\"}");
    List<String> instances = metric(s, "node_load1").labels.get("instance");
    assertThat(instances).isNotEmpty().allSatisfy(v -> assertThat(v).contains(":"));
    assertThat(metric(s, "svc_up").labels.get("daemon"))
        .anySatisfy(v -> assertThat(v).startsWith("mon"));
  }
}
