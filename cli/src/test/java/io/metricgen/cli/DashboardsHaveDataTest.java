package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scaffold, then backfill into the real Prometheus, then verify: every panel of the dashboards in
 * dashboards/, and of Debian's ceph-grafana-dashboards (13 real dashboards we did not write), gets
 * data.
 */
class DashboardsHaveDataTest {

  /** The folder Debian's ceph-grafana-dashboards package installs; .ci/run installs it. */
  static final Path CEPH = Path.of("/etc/grafana/dashboards/ceph-dashboard");

  private static final String CONFIG =
      "global:\n  scrape_interval: 15s\nstorage:\n  tsdb:\n    out_of_order_time_window: 1d\n";
  private static final Pattern SHARE =
      Pattern.compile("(\\d+) of (\\d+) panels and rules have data in every query");

  @Test
  void theExampleScenarioBackfilledFillsEveryPanelOfTheExampleDashboard(@TempDir Path dir)
      throws Exception {
    try (PrometheusServer prometheus = start(dir)) {
      backfill(dir, ProjectFiles.example("scenario.yaml"), prometheus);
      CliRun verify =
          CliRun.of(
              "verify",
              "--dashboard",
              ProjectFiles.root().resolve("dashboards/metricgen-example.json").toString(),
              "--prometheus",
              prometheus.url());
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).contains("8 of 8 panels and rules have data in every query (100%)");
      assertThat(verify.out()).contains("Request duration p50 / p90 / p99 (C)");

      // Rules too: a recording rule with data, and an alert that never fires over the range.
      Path rules = dir.resolve("rules.yaml");
      Files.writeString(
          rules,
          "groups:\n- name: g\n  rules:\n"
              + "  - record: job:requests:rate5m\n    expr: sum(rate(requests_total[5m]))\n"
              + "  - alert: NegativeConnections\n    expr: active_connections < 0\n");
      CliRun withRules =
          CliRun.of("verify", "--rules", rules.toString(), "--prometheus", prometheus.url());
      assertThat(withRules.exit()).isEqualTo(Main.CHECK_FAILED);
      assertThat(withRules.out())
          .contains("1 of 2 panels and rules have data")
          .contains("no data: " + rules + " / NegativeConnections")
          .doesNotContain("no data: " + rules + " / job:requests:rate5m");
    }
  }

  @Test
  void aScaffoldOfTheProjectDashboardsFillsEveryPanel(@TempDir Path dir) throws Exception {
    int[] share = scaffoldBackfillVerify(dir, ProjectFiles.root().resolve("dashboards"));
    assertThat(share[0]).isEqualTo(share[1]).isEqualTo(14);
  }

  @Test
  void aScaffoldOfDebiansCephDashboardsFillsEveryPanel(@TempDir Path dir) throws Exception {
    assertThat(CEPH)
        .as("installed by .ci/run (apt-get install ceph-grafana-dashboards)")
        .isDirectory();
    int[] share = scaffoldBackfillVerify(dir, CEPH);
    System.out.printf(
        "ceph-grafana-dashboards: %d of %d panels have data (%.0f%%)%n",
        share[0], share[1], 100.0 * share[0] / share[1]);
    assertThat(share[1]).as("panels with Prometheus queries").isGreaterThan(90);
    assertThat(share[0]).as("panels with data").isEqualTo(share[1]);
  }

  @Test
  void cephsDashboardsHaveDataInTheirScenarioAloneAsInPrometheus(@TempDir Path dir) {
    // verify --scenario: the same verdicts with no Prometheus, the queries evaluated in process.
    Path scenario = dir.resolve("ceph.yaml");
    assertThat(
            CliRun.of("scaffold", "--dashboard", CEPH.toString(), "-o", scenario.toString()).exit())
        .isZero();
    CliRun verify =
        CliRun.of("verify", "--dashboard", CEPH.toString(), "--scenario", scenario.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    Matcher m = SHARE.matcher(verify.out());
    assertThat(m.find()).as(verify.out()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));
    assertThat(Integer.parseInt(m.group(2))).isGreaterThan(90);
  }

  /** The rule file Debian's ceph-prometheus-alerts package installs; .ci/run installs it. */
  static final Path CEPH_ALERTS = Path.of("/etc/prometheus/ceph/ceph_default_alerts.yml");

  @Test
  void cephsDashboardsAndAlertsScaffoldedTogetherAsGivenFillEveryPanel(@TempDir Path dir)
      throws Exception {
    assertThat(CEPH_ALERTS).as("installed by .ci/run (ceph-prometheus-alerts)").isRegularFile();
    Path scenario = dir.resolve("ceph.yaml");
    CliRun scaffold =
        CliRun.of(
            "scaffold",
            "--strict",
            "--dashboard",
            CEPH.toString(),
            "--rules",
            CEPH_ALERTS.toString(),
            "-o",
            scenario.toString());
    assertThat(scaffold.exit()).as(scaffold.err()).isZero();
    assertThat(scaffold.err()).contains("panels: 97 of 97 scaffolded; rules: 58 of 58 scaffolded");
    try (PrometheusServer prometheus = start(dir)) {
      backfill(dir, scenario, prometheus);
      CliRun verify =
          CliRun.of(
              "verify",
              "--dashboard",
              CEPH.toString(),
              "--rules",
              CEPH_ALERTS.toString(),
              "--prometheus",
              prometheus.url());
      assertThat(verify.out()).as(verify.err()).contains("panels with data: 97 of 97");
      // An alert's expression has data only while it would fire; most of ceph's do over 6 h.
      Matcher rules = Pattern.compile("rules with data: (\\d+) of 58").matcher(verify.out());
      assertThat(rules.find()).isTrue();
      assertThat(Integer.parseInt(rules.group(1))).isGreaterThanOrEqualTo(45);
    }
  }

  @Test
  void panelsThatReadNativeHistogramsHaveDataAfterScaffoldAndBackfill(@TempDir Path dir)
      throws Exception {
    Path dashboard = dir.resolve("native.json");
    Files.writeString(
        dashboard,
        "{\"title\": \"N\", \"panels\": ["
            + panel("p99", "histogram_quantile(0.99, sum(rate(app_latency_seconds[5m])))")
            + ","
            + panel("rps", "histogram_count(rate(app_latency_seconds[5m]))")
            + ","
            + panel(
                "mean",
                "histogram_sum(rate(app_latency_seconds[5m]))"
                    + " / histogram_count(rate(app_latency_seconds[5m]))")
            + ","
            + panel("fast", "histogram_fraction(0, 0.25, rate(app_latency_seconds[5m]))")
            + "]}");
    assertThat(scaffoldBackfillVerify(dir, dashboard)).containsExactly(4, 4);
  }

  private static String panel(String title, String expr) {
    return "{\"title\": \""
        + title
        + "\", \"targets\": [{\"expr\": "
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(expr)
        + "}]}";
  }

  @Test
  void anEmptyPanelFailsTheCheckAndIsNamed(@TempDir Path dir) throws Exception {
    Path dashboard = dir.resolve("d.json");
    Files.writeString(
        dashboard,
        "{\"title\": \"T\", \"panels\": [{\"title\": \"Nothing\", \"targets\": [{\"expr\":"
            + " \"rate(never_written_total[5m])\"}]}]}");
    try (PrometheusServer prometheus = start(dir)) {
      CliRun verify =
          CliRun.of(
              "verify", "--dashboard", dashboard.toString(), "--prometheus", prometheus.url());
      assertThat(verify.exit()).isEqualTo(Main.CHECK_FAILED);
      assertThat(verify.out()).contains("no data: T / Nothing").contains("0 of 1 panels");
    }
  }

  @Test
  void anUnreachablePrometheusIsOneErrorNotATableOfEmptyPanels() throws Exception {
    String url = "http://127.0.0.1:" + io.metricgen.testing.Processes.freePort();
    CliRun verify =
        CliRun.of(
            "verify",
            "--dashboard",
            ProjectFiles.root().resolve("dashboards/metricgen-example.json").toString(),
            "--prometheus",
            url);
    assertThat(verify.exit()).isEqualTo(Main.RUNTIME_FAILURE);
    assertThat(verify.err())
        .contains("every query failed, so no panel was checked")
        .contains("can't be reached");
    assertThat(verify.err().lines().count()).isEqualTo(1);
    assertThat(verify.out()).doesNotContain("no data").doesNotContain("panels");
  }

  private static int[] scaffoldBackfillVerify(Path dir, Path dashboards) throws Exception {
    Path scenario = dir.resolve("scaffold.yaml");
    CliRun scaffold =
        CliRun.of("scaffold", "--dashboard", dashboards.toString(), "-o", scenario.toString());
    assertThat(scaffold.exit()).as(scaffold.err()).isZero();
    try (PrometheusServer prometheus = start(dir)) {
      backfill(dir, scenario, prometheus);
      CliRun verify =
          CliRun.of(
              "verify", "--dashboard", dashboards.toString(), "--prometheus", prometheus.url());
      Matcher m = SHARE.matcher(verify.out());
      assertThat(m.find()).as(verify.out() + verify.err()).isTrue();
      int withData = Integer.parseInt(m.group(1));
      int panels = Integer.parseInt(m.group(2));
      assertThat(verify.exit()).isEqualTo(withData == panels ? 0 : Main.CHECK_FAILED);
      return new int[] {withData, panels};
    }
  }

  private static PrometheusServer start(Path dir) throws Exception {
    return PrometheusServer.start(
        dir.resolve("data"),
        CONFIG,
        "--web.enable-remote-write-receiver",
        "--enable-feature=native-histograms");
  }

  private static void backfill(Path dir, Path scenario, PrometheusServer prometheus) {
    CliRun backfill =
        CliRun.backfill(
            scenario.toString(),
            prometheus.url() + "/api/v1/write",
            "--start",
            "now-6h",
            "--end",
            "now",
            "--checkpoint",
            dir.resolve("backfill.checkpoint").toString());
    assertThat(backfill.exit()).as(backfill.err()).isZero();
  }
}
