package io.metricgen.operator.desired;

import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.testing.LocalPod;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.Processes;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between history and live data, with real programs: the history Backfill's pod command
 * writes [epoch, now) into Prometheus; then the rendered generator's {@code push} feeds a real
 * Pushgateway that Prometheus scrapes with the job the operator writes. Across the seam there is
 * one series per label set, holding the scenario's values on both sides.
 */
class HistorySeamTest {

  private static final String NS = "team-a";

  /** What a seam test checks once history and live data are both in Prometheus. */
  private interface SeamCheck {
    void check(
        PrometheusServer prometheus,
        CompiledScenario scenario,
        Instant epoch,
        Instant end,
        Instant liveFrom)
        throws Exception;
  }

  @Test
  void historyAndLiveDataAreOneSeriesWithTheScenariosValuesOnBothSides(@TempDir Path dir)
      throws Exception {
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-history.yaml");
    seam(
        mg,
        dir,
        "count_over_time(checkout_requests_total{code=\"200\"}[%ds])",
        (prometheus, compiled, epoch, end, liveFrom) -> {
          JsonNode result = prometheus.query("checkout_requests_total[45m]", Instant.now());
          assertThat(result).hasSize(2);
          for (JsonNode series : result) {
            JsonNode metric = series.path("metric");
            assertThat(PrometheusServer.seriesKey(metric))
                .matches(
                    "checkout_requests_total\\{code=(200|500), job=metricgen,"
                        + " metricgenerator=checkout-mr-124, namespace=team-a\\}");
            double[] expected = values(compiled, metric.path("code").asText(), 200, 0);
            assertSeam(series.path("values"), expected, epoch, end, liveFrom, JsonNode::asDouble);
          }
        });
  }

  @Test
  void aNativeHistogramsHistoryContinuesIntoItsLiveDataPushedInProtobuf(@TempDir Path dir)
      throws Exception {
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-history.yaml");
    var metrics = (ArrayNode) mg.getSpec().scenario.path("metrics");
    metrics.add(
        new YAMLMapper()
            .readTree(
                "{name: checkout_latency_seconds, type: histogram, labels: {code: ['200']},"
                    + " rate: 20, distribution: {logNormal: {p50: 0.2, p99: 2}},"
                    + " native: {schema: 3}, exemplars: {every: 1m}}"));
    mg.getSpec().generator = new MetricGeneratorSpec.GeneratorSpec();
    mg.getSpec().generator.nativeHistograms = true;
    seam(
        mg,
        dir,
        "count_over_time(checkout_latency_seconds[%ds])",
        (prometheus, compiled, epoch, end, liveFrom) -> {
          JsonNode result = prometheus.query("checkout_latency_seconds[45m]", Instant.now());
          assertThat(result).as("one native series, history and live").hasSize(1);
          double[] expected = values(compiled, "200", 200, 1);
          assertSeam(
              result.get(0).path("histograms"),
              expected,
              epoch,
              end,
              liveFrom,
              h -> h.path("count").asDouble());
          assertThat(
                  prometheus
                      .get(
                          "/api/v1/query_exemplars?query=checkout_latency_seconds&start="
                              + epoch.getEpochSecond()
                              + "&end="
                              + Instant.now().getEpochSecond())
                      .body())
              .contains("trace_id");
        },
        "--enable-feature=native-histograms,exemplar-storage");
  }

  /**
   * Runs the seam: the history Backfill's pod command writes [epoch, now) into Prometheus; then the
   * rendered generator's {@code push} feeds a real Pushgateway that Prometheus scrapes with the job
   * the operator writes, until {@code liveQuery} (a count over the seconds since the history's end,
   * %d) counts 8 live samples.
   */
  private static void seam(
      MetricGenerator mg, Path dir, String liveQuery, SeamCheck check, String... flags)
      throws Exception {
    mg.getSpec().history.duration = "30m";
    mg.getSpec().scrapeConfig = new MetricGeneratorSpec.ScrapeConfigSpec();
    mg.getSpec().scrapeConfig.interval = "1s";
    Instant now = Instant.now();
    Instant epoch = History.epoch(mg, null, now);
    mg.setStatus(new MetricGeneratorStatus());
    mg.getStatus().epoch = epoch.toString();

    try (MockCluster cluster = new MockCluster();
        PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prom"),
                prometheusConfig(mg, gateway.target()),
                concat("--web.enable-remote-write-receiver", flags))) {
      KubernetesClient client = cluster.client();
      cluster.namespace(NS);

      // 1. The history: the Backfill the resource owns, its pod's command, run to its end.
      Backfill history = History.backfill(mg, epoch);
      history.getSpec().target = new io.metricgen.operator.model.RemoteWriteTarget();
      history.getSpec().target.url = prometheus.url() + "/api/v1/write";
      BackfillRun run = BackfillRun.of(history, mg, OperatorConfig.DEFAULT, now);
      ProcessBuilder pod =
          LocalPod.indexed(
                  BackfillPods.prepare(run, client, dir.resolve("backfill-etc")),
                  0,
                  client.getMasterUrl().toString(),
                  NS)
              .directory(dir.toFile());
      Processes.Result written = Processes.run(120, pod);
      assertThat(written.exitCode()).as(written.output()).isZero();

      // 2. The live data: the generator's push, from the same scenario file it mounts.
      List<io.fabric8.kubernetes.api.model.HasMetadata> objects =
          DesiredState.of(mg, OperatorConfig.DEFAULT, ref -> null, null);
      ConfigMap scenario = (ConfigMap) objects.get(2);
      Container generator =
          ((Deployment) objects.get(3)).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(generator.getArgs()).contains("--epoch=" + epoch);
      Path generatorMount = Files.createDirectories(dir.resolve("generator-etc"));
      Files.writeString(
          generatorMount.resolve("scenario.yaml"), scenario.getData().get("scenario.yaml"));
      List<String> push = new ArrayList<>();
      for (String arg : LocalPod.command(generator, "/etc/metricgen", generatorMount)) {
        push.add(arg.startsWith("--pushgateway=") ? "--pushgateway=" + gateway.url() : arg);
      }
      Process live =
          new ProcessBuilder(push)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("push.log").toFile())
              .start();
      Instant liveFrom = Instant.now();
      try {
        await(
            () -> liveSamples(prometheus, liveQuery, run.end()) >= 8,
            "live samples scraped from the Pushgateway",
            60);
      } finally {
        Processes.stop(live);
      }

      // 3. Across the seam.
      check.check(
          prometheus,
          ScenarioLoader.compile("scenario.yaml", scenario.getData().get("scenario.yaml"), null),
          epoch,
          run.end(),
          liveFrom);
    }
  }

  private static String[] concat(String first, String... more) {
    String[] out = new String[more.length + 1];
    out[0] = first;
    System.arraycopy(more, 0, out, 1, more.length);
    return out;
  }

  /**
   * One series' samples across the seam: history exactly the scenario's value at each step, live
   * the value of the last push before the scrape (this step or the one before), without a gap.
   */
  private static void assertSeam(
      JsonNode samples,
      double[] expected,
      Instant epoch,
      Instant end,
      Instant liveFrom,
      java.util.function.ToDoubleFunction<JsonNode> value) {
    int backfilled = 0;
    int scraped = 0;
    long lastBackfilled = 0;
    long firstLive = Long.MAX_VALUE;
    for (JsonNode sample : samples) {
      long ms = Math.round(sample.get(0).asDouble() * 1000);
      double v = value.applyAsDouble(sample.get(1));
      long sinceEpoch = ms - epoch.toEpochMilli();
      int step = (int) (sinceEpoch / 15_000);
      if (ms < end.toEpochMilli()) {
        assertThat(sinceEpoch % 15_000).isZero();
        assertThat(v).isCloseTo(expected[step], within(1e-9));
        backfilled++;
        lastBackfilled = Math.max(lastBackfilled, ms);
      } else {
        assertThat(v)
            .as("live value at step %d", step)
            .satisfiesAnyOf(
                x -> assertThat(x).isCloseTo(expected[step], within(1e-9)),
                x -> assertThat(x).isCloseTo(expected[step - 1], within(1e-9)));
        scraped++;
        firstLive = Math.min(firstLive, ms);
      }
    }
    assertThat(backfilled).isEqualTo(120); // 30 minutes of 15 s steps
    assertThat(scraped).isGreaterThanOrEqualTo(4);
    // No gap a graph would show: the live data starts within seconds of the history's end.
    assertThat(firstLive - lastBackfilled)
        .isLessThan(java.time.Duration.between(end, liveFrom).toMillis() + 30_000);
  }

  /** The scrape job the operator writes, aimed at the local Pushgateway. */
  private static String prometheusConfig(MetricGenerator mg, String target) throws Exception {
    ObjectNode job = ScrapeConfig.job(mg);
    ((ArrayNode) job.path("static_configs").get(0).path("targets")).removeAll().add(target);
    ObjectNode config = new YAMLMapper().createObjectNode();
    config.putObject("global").put("scrape_interval", "1s");
    config.putArray("scrape_configs").add(job);
    return new YAMLMapper().writeValueAsString(config);
  }

  /** Samples of one series stored after the history's end: the live ones. */
  private static int liveSamples(PrometheusServer prometheus, String query, Instant historyEnd) {
    Instant now = Instant.now();
    long seconds = java.time.Duration.between(historyEnd, now).toSeconds();
    try {
      JsonNode r = prometheus.query(String.format(query, seconds), now);
      return r.isEmpty() ? 0 : Integer.parseInt(r.get(0).path("value").get(1).asText());
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * The values by step of family {@code family}'s series for {@code code}, as the engine computes
   * them: a counter's value, or a native histogram's count.
   */
  private static double[] values(CompiledScenario scenario, String code, int steps, int family) {
    MetricFamily f = scenario.families().get(family);
    for (Series s : f.series()) {
      if (code.equals(s.labels().get("code"))) {
        SeriesCursor cursor = f.cursor(s, 0);
        double[] out = new double[steps];
        for (int k = 0; k < steps; k++) {
          assertThat(cursor.next()).isEqualTo(SeriesCursor.PRESENT);
          out[k] =
              cursor.nativeSample() != null ? cursor.nativeSample().count() : cursor.values()[0];
        }
        return out;
      }
    }
    throw new IllegalArgumentException("no series with code " + code);
  }
}
