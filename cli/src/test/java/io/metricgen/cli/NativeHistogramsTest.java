package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.live.LiveScenario;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.Scenarios;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native histograms and exemplars in a real Prometheus 2.42 with {@code
 * --enable-feature=native-histograms,exemplar-storage}, by both ways in: scraping {@code serve}
 * (protobuf, which Prometheus parses itself) and {@code backfill} over remote write.
 */
class NativeHistogramsTest {

  /** A histogram exposed both ways (classic buckets and native ones) and a counter. */
  static final String SCENARIO =
      "interval: 15s\nseed: 11\nmetrics:\n"
          + "  - name: nh_latency_seconds\n    type: histogram\n"
          + "    labels: {route: [a, b]}\n    rate: 50\n"
          + "    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5]\n"
          + "    distribution: {logNormal: {p50: 0.2, p99: 1.5}}\n"
          + "    native: {schema: 3}\n"
          + "    exemplars: {every: 1m, labels: {service: checkout}}\n"
          + "  - name: nh_requests\n    type: counter\n    rate: 10\n"
          + "    exemplars: {every: 1m}\n";

  static final String FLAGS = "--enable-feature=native-histograms,exemplar-storage";

  /** How far a quantile read from schema-3 buckets may be from the truth: one bucket, 2^(1/8). */
  static final double SCHEMA_3_FACTOR = Math.pow(2, 1.0 / 8);

  static final int STEPS = 480; // 2 h at 15 s

  @Test
  void backfilledNativeHistogramsMatchTheDistributionAndTheClassicViewAndCarryExemplars(
      @TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO);
    Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    Instant end = start.plusSeconds(15L * STEPS);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"), "global: {}\n", "--web.enable-remote-write-receiver", FLAGS)) {
      CliRun run = backfill(dir, scenario, prometheus, start, end);
      assertThat(run.exit()).as(run.err()).isZero();
      Instant last = end.minusSeconds(15);
      assertQuantilesMatch(prometheus, "rate(nh_latency_seconds[5m])", last);
      // 50 observations a second: no bucket of a native sample ever falls, so Prometheus sees
      // no counter reset to add (it saw one at almost every step when buckets were computed
      // afresh, and rated 30 times too high).
      JsonNode rates = prometheus.query("histogram_count(rate(nh_latency_seconds[5m]))", last);
      assertThat(rates).hasSize(2);
      for (JsonNode r : rates) {
        assertThat(r.path("value").get(1).asDouble()).isCloseTo(50, within(0.5));
      }
      for (Instant t = start.plusSeconds(600); t.isBefore(end); t = t.plusSeconds(1800)) {
        assertNativeMatchesClassic(prometheus, t);
        assertNativeMatchesEngine(prometheus, start, t);
      }
      CompiledScenario compiled = Scenarios.compile(SCENARIO);
      Set<String> expectedLatency = exemplars(compiled, 0, start, 0, STEPS);
      assertThat(expectedLatency).hasSize(2 * STEPS / 4 - 2);
      assertThat(storedExemplars(prometheus, "nh_latency_seconds", start, end))
          .as("the native series' exemplars")
          .isEqualTo(expectedLatency);
      assertThat(storedExemplars(prometheus, "nh_latency_seconds_bucket", start, end))
          .as("the classic buckets' exemplars")
          .isEqualTo(expectedLatency);
      assertThat(storedExemplars(prometheus, "nh_requests_total", start, end))
          .isEqualTo(exemplars(compiled, 1, start, 0, STEPS));
    }
  }

  @Test
  void scrapedFromServeInProtobufAndOpenMetricsTheyMatchTheDistributionAndEachOther(
      @TempDir Path dir) throws Exception {
    CompiledScenario compiled = Scenarios.compile(SCENARIO);
    // Two hours in: the histogram holds 360,000 observations per series.
    Instant origin = Instant.now().minus(2, ChronoUnit.HOURS);
    LiveScenario live = new LiveScenario(compiled, origin.toEpochMilli());
    try (MetricsServer server = MetricsServer.start(live, new InetSocketAddress("127.0.0.1", 0))) {
      String config =
          "global: {scrape_interval: 1s}\nscrape_configs:\n  - job_name: serve\n"
              + "    static_configs: [{targets: ['127.0.0.1:"
              + server.port()
              + "']}]\n";
      try (PrometheusServer nativeOne = PrometheusServer.start(dir.resolve("n"), config, FLAGS);
          PrometheusServer classicOne =
              PrometheusServer.start(
                  dir.resolve("c"), config, "--enable-feature=exemplar-storage")) {
        Instant t = awaitScrapes(nativeOne, classicOne, origin);
        assertQuantilesMatch(nativeOne, "nh_latency_seconds", t);
        long step = (t.toEpochMilli() - origin.toEpochMilli()) / 15_000;
        for (String route : new String[] {"a", "b"}) {
          String sel = "{route=\"" + route + "\"}";
          double count = value(nativeOne, "histogram_count(nh_latency_seconds" + sel + ")", t);
          double sum = value(nativeOne, "histogram_sum(nh_latency_seconds" + sel + ")", t);
          assertThat(count).isEqualTo(value(classicOne, "nh_latency_seconds_count" + sel, t));
          assertThat(sum).isEqualTo(value(classicOne, "nh_latency_seconds_sum" + sel, t));
          double[] engine = classicAt(compiled, route.equals("a") ? 0 : 1, step);
          assertThat(count).isEqualTo(engine[7]);
          assertThat(sum)
              .isCloseTo(engine[8], org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        Instant from = origin.plusSeconds(15 * (step - 8));
        Set<String> window = exemplars(compiled, 0, origin, step - 8, step + 8);
        Set<String> scraped = storedExemplars(nativeOne, "nh_latency_seconds", from, t);
        assertThat(scraped).as("exemplars scraped in protobuf").isNotEmpty();
        assertThat(window).containsAll(scraped);
        Set<String> openMetrics = storedExemplars(classicOne, "nh_latency_seconds_bucket", from, t);
        assertThat(openMetrics).as("exemplars scraped in OpenMetrics").isNotEmpty();
        assertThat(window).containsAll(openMetrics);
        Set<String> counter = storedExemplars(classicOne, "nh_requests_total", from, t);
        assertThat(counter).isNotEmpty();
        assertThat(exemplars(compiled, 1, origin, step - 8, step + 8)).containsAll(counter);
      }
    }
  }

  @Test
  void aPrometheusWithoutTheFeatureIsToldApartBeforeAnythingIsWritten(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO);
    Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"), "global: {}\n", "--web.enable-remote-write-receiver")) {
      CliRun run = backfill(dir, scenario, prometheus, start, start.plusSeconds(600));
      assertThat(run.exit()).as(run.err()).isEqualTo(Main.REFUSED);
      assertThat(run.err())
          .contains("keeps no exemplars (its --enable-feature has no exemplar-storage)")
          .contains(
              "would refuse native histograms: its --enable-feature has no native-histograms."
                  + " Start Prometheus (2.40 and later) with"
                  + " --enable-feature=native-histograms");
      assertThat(prometheus.query("{__name__=~\"nh_.+\"}", Instant.now())).isEmpty();
    }
  }

  /** Native-only: formats without native histograms get the classic buckets, and say so. */
  static final String NATIVE_ONLY =
      "interval: 15s\nmetrics:\n  - name: only_native_seconds\n    type: histogram\n"
          + "    rate: 10\n    distribution: {logNormal: {p50: 0.2, p99: 1}}\n"
          + "    native: {}\n    exemplars: {}\n";

  @Test
  void pushSendsANativeOnlyHistogramsClassicBucketsToThePushgatewayAndSaysSo(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, NATIVE_ONLY);
    try (io.metricgen.testing.PushgatewayServer gateway =
        io.metricgen.testing.PushgatewayServer.start(dir.resolve("pg"))) {
      CliRun run = pushOnce(scenario, gateway, "--epoch", "-1h");
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err())
          .contains(
              "note: the Pushgateway's text format takes no native histograms: only_native_seconds"
                  + " goes as classic buckets; the exemplars of only_native_seconds are left out");
      String metrics = gateway.get("/metrics").body();
      assertThat(metrics)
          .contains("only_native_seconds_bucket{instance=\"\",job=\"metricgen\",le=\"0.005\"}")
          .contains("only_native_seconds_count{instance=\"\",job=\"metricgen\"} 36000");
    }
  }

  @Test
  void pushedInProtobufTheyPassThroughThePushgatewayToAPrometheusThatScrapesIt(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO + NATIVE_ONLY.substring(NATIVE_ONLY.indexOf("  - name")));
    try (io.metricgen.testing.PushgatewayServer gateway =
            io.metricgen.testing.PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("data"), gateway.scrapeConfig(), FLAGS)) {
      Instant origin = Instant.now().minus(2, ChronoUnit.HOURS);
      CliRun run = pushOnce(scenario, gateway, "--native-histograms", "--epoch", origin.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err()).doesNotContain("note:");
      long step = (Instant.now().toEpochMilli() - origin.toEpochMilli()) / 15_000;
      Instant t = Instant.now();
      for (int i = 0; i < 100; i++) {
        Thread.sleep(200);
        t = Instant.now();
        if (prometheus.query("histogram_count(only_native_seconds)", t).size() == 1) {
          break;
        }
      }
      assertQuantilesMatch(prometheus, "nh_latency_seconds", t);
      double[] engine = classicAt(Scenarios.compile(SCENARIO), 0, step);
      assertThat(value(prometheus, "histogram_count(nh_latency_seconds{route=\"a\"})", t))
          .isEqualTo(engine[7]);
      assertThat(prometheus.query("nh_latency_seconds_count", t))
          .as("Prometheus 2.42 keeps only the native view of a histogram of both kinds")
          .isEmpty();
      assertThat(value(prometheus, "histogram_count(only_native_seconds)", t)).isPositive();
      Set<String> scraped =
          storedExemplars(prometheus, "nh_latency_seconds", origin.plusSeconds(15 * (step - 8)), t);
      assertThat(scraped).isNotEmpty();
      assertThat(exemplars(Scenarios.compile(SCENARIO), 0, origin, step - 8, step + 1))
          .containsAll(scraped);
    }
  }

  @Test
  void exportWritesANativeOnlyHistogramsClassicBucketsAndSaysWhatItLeavesOut(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, NATIVE_ONLY);
    Path out = dir.resolve("out.om");
    CliRun run =
        CliRun.of(
            "export",
            "-f",
            scenario.toString(),
            "--start",
            "2026-01-01T00:00:00Z",
            "--end",
            "2026-01-01T00:01:00Z",
            "-o",
            out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "note: export (openmetrics, which promtool reads into blocks) takes no native"
                + " histograms: only_native_seconds goes as classic buckets; the exemplars of"
                + " only_native_seconds are left out; backfill over remote write writes them");
    assertThat(Files.readString(out))
        .contains("only_native_seconds_bucket{le=\"+Inf\"} 450 1767225645.000");
  }

  private static CliRun backfill(
      Path dir, Path scenario, PrometheusServer prometheus, Instant start, Instant end) {
    return CliRun.backfill(
        scenario.toString(),
        prometheus.url() + "/api/v1/write",
        "--start",
        start.toString(),
        "--end",
        end.toString(),
        "--checkpoint",
        dir.resolve("run.checkpoint").toString());
  }

  private static CliRun pushOnce(
      Path scenario, io.metricgen.testing.PushgatewayServer gateway, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("push", "-f", scenario.toString(), "--pushgateway", gateway.url(), "--once"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Waits until both servers have scraped a step twice over; returns a moment to query at. */
  private static Instant awaitScrapes(PrometheusServer a, PrometheusServer b, Instant origin)
      throws Exception {
    for (int i = 0; i < 200; i++) {
      Thread.sleep(250);
      Instant now = Instant.now();
      long intoStep = (now.toEpochMilli() - origin.toEpochMilli()) % 15_000;
      if (intoStep < 3_000 || intoStep > 12_000) {
        continue; // both must have scraped this step, and the next must not have begun
      }
      if (!a.query("histogram_count(nh_latency_seconds)", now).isEmpty()
          && !b.query("nh_latency_seconds_count", now).isEmpty()
          && !a.query("nh_requests_total", now).isEmpty()) {
        return now;
      }
    }
    throw new AssertionError("no scrapes:\n" + a.log() + "\n" + b.log());
  }

  /** The 0.5 and 0.99 quantiles of {@code histogram} are the declared 0.2 and 1.5, per series. */
  private static void assertQuantilesMatch(PrometheusServer p, String histogram, Instant t)
      throws Exception {
    for (double[] q : new double[][] {{0.5, 0.2}, {0.99, 1.5}}) {
      JsonNode result = p.query("histogram_quantile(" + q[0] + ", " + histogram + ")", t);
      assertThat(result).as("quantile " + q[0]).hasSize(2);
      for (JsonNode r : result) {
        double v = r.path("value").get(1).asDouble();
        assertThat(Math.abs(Math.log(v / q[1])))
            .as("quantile %s is %s, declared %s", q[0], v, q[1])
            .isLessThanOrEqualTo(Math.log(SCHEMA_3_FACTOR));
      }
    }
  }

  private static void assertNativeMatchesClassic(PrometheusServer p, Instant t) throws Exception {
    for (String route : new String[] {"a", "b"}) {
      String sel = "{route=\"" + route + "\"}";
      assertThat(value(p, "histogram_count(nh_latency_seconds" + sel + ")", t))
          .isEqualTo(value(p, "nh_latency_seconds_count" + sel, t));
      assertThat(value(p, "histogram_sum(nh_latency_seconds" + sel + ")", t))
          .isEqualTo(value(p, "nh_latency_seconds_sum" + sel, t));
    }
  }

  /** The native histogram's count at {@code t} is the engine's, and its buckets add up to it. */
  private static void assertNativeMatchesEngine(PrometheusServer p, Instant start, Instant t)
      throws Exception {
    long step = (t.toEpochMilli() - start.toEpochMilli()) / 15_000;
    double[] engine = classicAt(Scenarios.compile(SCENARIO), 0, step);
    assertThat(value(p, "histogram_count(nh_latency_seconds{route=\"a\"})", t))
        .isEqualTo(engine[7]);
    // histogram_fraction is 2.45+; the le="0.25" share read back through the classic series.
    assertThat(value(p, "nh_latency_seconds_bucket{route=\"a\",le=\"0.25\"}", t))
        .isEqualTo(engine[2]);
  }

  private static double value(PrometheusServer p, String expr, Instant t) throws Exception {
    JsonNode r = p.query(expr, t);
    assertThat(r).as(expr).hasSize(1);
    return r.get(0).path("value").get(1).asDouble();
  }

  /** The classic values of series {@code index} of the histogram at {@code step}. */
  private static double[] classicAt(CompiledScenario s, int index, long step) {
    MetricFamily f = s.families().get(0);
    SeriesCursor c = f.cursor(f.series().get(index), step);
    c.next();
    return c.values().clone();
  }

  /**
   * The exemplars the engine records in [from, to) for every series of family {@code family}, as
   * "labels value timestamp" (the series labels left out, as the API groups them).
   */
  private static Set<String> exemplars(
      CompiledScenario s, int family, Instant origin, long from, long to) {
    MetricFamily f = s.families().get(family);
    Set<String> out = new HashSet<>();
    for (Series series : f.series()) {
      SeriesCursor c = f.cursor(series, from);
      for (long k = from; k < to; k++) {
        c.next();
        ExemplarPlan.Exemplar e = c.exemplar();
        if (e != null && e.step() == k) {
          StringBuilder labels = new StringBuilder();
          if (family == 0) {
            labels.append("service=checkout,");
          }
          labels.append("trace_id=").append(e.traceId());
          long ms = origin.toEpochMilli() + k * 15_000;
          out.add(labels + " " + e.value() + " " + ms);
        }
      }
    }
    return out;
  }

  /** What {@code /api/v1/query_exemplars} returns for {@code metric}, as {@link #exemplars}. */
  private static Set<String> storedExemplars(
      PrometheusServer p, String metric, Instant from, Instant to) throws Exception {
    var r =
        p.get(
            "/api/v1/query_exemplars?query="
                + URLEncoder.encode(metric, StandardCharsets.UTF_8)
                + "&start="
                + from.getEpochSecond()
                + "&end="
                + (to.getEpochSecond() + 1));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode data =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("data");
    Set<String> out = new HashSet<>();
    for (JsonNode series : data) {
      for (JsonNode e : series.path("exemplars")) {
        StringBuilder labels = new StringBuilder();
        var names = new java.util.TreeMap<String, String>();
        e.path("labels")
            .fields()
            .forEachRemaining(l -> names.put(l.getKey(), l.getValue().asText()));
        names.forEach(
            (k, v) ->
                labels.append(labels.length() == 0 ? "" : ",").append(k).append('=').append(v));
        long ms = Math.round(e.path("timestamp").asDouble() * 1000);
        out.add(labels + " " + Double.parseDouble(e.path("value").asText()) + " " + ms);
      }
    }
    return out;
  }
}
