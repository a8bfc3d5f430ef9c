package io.metricgen.engine.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import io.metricgen.engine.transport.Exchange;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Responses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Before a backfill writes, asks a Prometheus target whether it would take samples this old. A
 * Prometheus head takes samples up to an hour behind its newest one, or as far back as {@code
 * storage.tsdb.out_of_order_time_window} when that is longer; anything older is refused as out of
 * bounds, which no retry fixes. It also asks for the features a scenario's native histograms and
 * exemplars need. A receiver that is not a Prometheus (no status API at the URL's base), or one
 * that can't be asked, is written to as usual: its answers decide.
 *
 * @see <a href="https://prometheus.io/docs/prometheus/latest/querying/api/#tsdb-stats">TSDB
 *     stats</a>
 */
public final class Preflight {

  /** How far behind its newest sample a Prometheus head takes samples without a window. */
  static final Duration HEAD_WINDOW = Duration.ofHours(1);

  /** Bytes of a status reply read at most (a configuration can be long; this one is not ours). */
  private static final int MAX_BODY = 4 << 20;

  private static final String WRITE_PATH = "/api/v1/write";

  private Preflight() {}

  /**
   * Why a Prometheus at {@code writeUrl} would refuse {@code scenario}'s samples from {@code
   * oldestMillis} on (too old, or native histograms with that feature off), or empty when it would
   * take them or can't tell. Exemplars it would drop without the {@code exemplar-storage} feature
   * are reported to {@code warn}: the samples are worth writing without them.
   */
  public static Optional<String> problem(
      URI writeUrl,
      HttpSettings settings,
      long oldestMillis,
      CompiledScenario scenario,
      java.util.function.Consumer<String> warn)
      throws InterruptedException {
    String path = writeUrl.getRawPath() == null ? "" : writeUrl.getRawPath();
    if (!path.endsWith(WRITE_PATH)) {
      return Optional.empty();
    }
    URI base = writeUrl.resolve(path.substring(0, path.length() - WRITE_PATH.length()) + "/");
    HttpClient http = settings.client();
    Optional<String> tooOld = tooOld(writeUrl, http, settings, base, oldestMillis, warn);
    return tooOld.isPresent()
        ? tooOld
        : featureProblem(writeUrl, http, settings, base, scenario, warn);
  }

  /** Why the Prometheus at {@code base} would refuse samples at {@code oldestMillis} as too old. */
  private static Optional<String> tooOld(
      URI writeUrl,
      HttpClient http,
      HttpSettings settings,
      URI base,
      long oldestMillis,
      java.util.function.Consumer<String> warn)
      throws InterruptedException {
    Optional<JsonNode> tsdb =
        get(
            http,
            settings,
            base.resolve("api/v1/status/tsdb"),
            warn,
            "whether the range is too old for it");
    JsonNode head = tsdb.map(t -> t.path("data").path("headStats")).orElse(null);
    if (head == null || !head.path("maxTime").canConvertToLong()) {
      return Optional.empty();
    }
    long newest = head.path("maxTime").asLong();
    if (head.path("numSeries").asLong(0) == 0 || newest <= 0) {
      return Optional.empty(); // an empty head takes anything
    }
    Duration window =
        outOfOrderWindow(
            get(
                http,
                settings,
                base.resolve("api/v1/status/config"),
                warn,
                "its out-of-order window (taken as none)"));
    Duration accepted = window.compareTo(HEAD_WINDOW) > 0 ? window : HEAD_WINDOW;
    long limit = newest - accepted.toMillis();
    if (oldestMillis >= limit) {
      return Optional.empty();
    }
    Duration needed = Duration.ofMillis(newest - oldestMillis).plusHours(1);
    return Optional.of(
        Responses.redact(writeUrl)
            + " would refuse this range as too old: it starts at "
            + Instant.ofEpochMilli(oldestMillis)
            + ", but the target's newest sample is at "
            + Instant.ofEpochMilli(newest)
            + ", and it takes samples up to "
            + Durations.format(accepted)
            + " behind that"
            + (window.isZero()
                ? " (it has no storage.tsdb.out_of_order_time_window)"
                : " (its storage.tsdb.out_of_order_time_window is "
                    + Durations.format(window)
                    + ")")
            + ". Set out_of_order_time_window to at least "
            + Durations.format(Duration.ofHours(needed.toHours()))
            + " in its configuration (kube-prometheus-stack: prometheus.prometheusSpec.tsdb"
            + ".outOfOrderTimeWindow), or write this range as blocks with metricgen export and"
            + " promtool tsdb create-blocks-from openmetrics.");
  }

  /**
   * Why the Prometheus at {@code base} would refuse {@code scenario}'s native histograms (its
   * {@code native-histograms} feature is off); its dropping exemplars goes to {@code warn}.
   */
  private static Optional<String> featureProblem(
      URI writeUrl,
      HttpClient http,
      HttpSettings settings,
      URI base,
      CompiledScenario scenario,
      java.util.function.Consumer<String> warn)
      throws InterruptedException {
    boolean natives = scenario.families().stream().anyMatch(f -> f.nativeLayout() != null);
    boolean exemplars = scenario.families().stream().anyMatch(f -> f.exemplars() != null);
    if (!(natives || exemplars)) {
      return Optional.empty();
    }
    Optional<JsonNode> flags =
        get(
            http,
            settings,
            base.resolve("api/v1/status/flags"),
            warn,
            "whether it takes native histograms and exemplars");
    JsonNode features = flags.map(f -> f.path("data").path("enable-feature")).orElse(null);
    if (features == null || !features.isTextual()) {
      return Optional.empty(); // not a Prometheus, or one that does not say
    }
    java.util.Set<String> enabled = java.util.Set.of(features.asText().replace(" ", "").split(","));
    if (exemplars && !enabled.contains("exemplar-storage")) {
      warn.accept(
          "note: "
              + Responses.redact(writeUrl)
              + " keeps no exemplars (its --enable-feature has no exemplar-storage); the samples"
              + " are written, their exemplars dropped");
    }
    if (natives && !enabled.contains("native-histograms")) {
      return Optional.of(
          Responses.redact(writeUrl)
              + " would refuse native histograms: its --enable-feature has no native-histograms. "
              + NATIVE_ADVICE);
    }
    return Optional.empty();
  }

  /** What to do when a receiver takes no native histograms. */
  static final String NATIVE_ADVICE =
      "Start Prometheus (2.40 and later) with --enable-feature=native-histograms"
          + " (kube-prometheus-stack: prometheus.prometheusSpec.enableFeatures), or remove native"
          + " from the scenario's histograms to write only their classic buckets.";

  /** The configured out-of-order window; zero when unset or unknown. */
  static Duration outOfOrderWindow(Optional<JsonNode> config) {
    try {
      String yaml = config.map(c -> c.path("data").path("yaml").asText("")).orElse("");
      JsonNode window =
          new YAMLMapper()
              .readTree(yaml)
              .path("storage")
              .path("tsdb")
              .path("out_of_order_time_window");
      return window.isTextual() ? Durations.parse(window.asText()) : Duration.ZERO;
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /**
   * A status document of the receiver, or empty: a receiver without Prometheus's status API (404:
   * Mimir, Thanos, an agent) is not checked, silently; any other failure is said to {@code warn},
   * with what goes unchecked.
   */
  private static Optional<JsonNode> get(
      HttpClient http,
      HttpSettings settings,
      URI uri,
      java.util.function.Consumer<String> warn,
      String unchecked)
      throws InterruptedException {
    String why;
    try {
      Exchange.Reply response =
          settings.exchange(http, HttpRequest.newBuilder(uri).GET(), MAX_BODY);
      if (response.status() == 404) {
        return Optional.empty();
      }
      if (response.status() == 200 && !response.cut()) {
        return Optional.ofNullable(new ObjectMapper().readTree(response.body()));
      }
      why =
          response.cut()
              ? "its answer is over " + (MAX_BODY >> 20) + " MiB"
              : "it answered HTTP " + response.status();
    } catch (IOException | RuntimeException e) {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    warn.accept(
        "note: could not read "
            + Responses.redact(uri)
            + " ("
            + why
            + "), so "
            + unchecked
            + " is not checked before writing");
    return Optional.empty();
  }
}
