package io.metricgen.engine.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.cli.Main;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.testing.PrometheusServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus is the oracle: a random scenario is backfilled into Prometheus 2.42, and
 * random queries run through both, as range queries (and some instant ones). Results must be equal:
 * the same series and labels, timestamps, values within 1e-9 relative, the same errors. {@code
 * -Ddifferential.queries=N} and {@code -Ddifferential.seed=S} widen the search ({@code
 * bench/promql-differential.sh}); the table of agreement per function and operator is printed
 * either way.
 */
class DifferentialQueryTest {

  static final int QUERIES = Integer.getInteger("differential.queries", 1000);
  static final long SEED = Long.getLong("differential.seed", 1);
  static final String FLAGS = "--enable-feature=native-histograms";
  static final ObjectMapper JSON = new ObjectMapper();
  static double tolerance = 1e-9;

  @Test
  void randomQueriesGiveWhatPrometheusGives(@TempDir Path dir) throws Exception {
    int steps = 480;
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(scenario, RandomScenario.yaml(SEED, steps));
    Instant t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    Instant t1 = t0.plus(2, ChronoUnit.HOURS);
    CompiledScenario compiled = ScenarioLoader.load(scenario, null);
    QueryEngine engine =
        QueryEngine.builder(
                new ScenarioStorage(compiled, t0.toEpochMilli(), t1.toEpochMilli(), Map.of()))
            .build();
    Report report = new Report();
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"), "global: {}\n", "--web.enable-remote-write-receiver", FLAGS)) {
      int exit =
          Main.run(
              "backfill",
              "-f",
              scenario.toString(),
              "--remote-write",
              prometheus.url() + "/api/v1/write",
              "--start",
              t0.toString(),
              "--end",
              t1.toString());
      assertThat(exit).isZero();
      long from = t0.toEpochMilli() - 600_000;
      long to = t1.toEpochMilli() + 600_000;
      RandomQueries queries = new RandomQueries(SEED, from, to);
      Random times = new Random(SEED);
      long[] stepChoices = {15_000, 30_000, 60_000, 45_000, 20_000, 300_000, 7_000};
      for (int i = 0; i < QUERIES; i++) {
        boolean instant = times.nextInt(8) == 0;
        String q = instant ? queries.nextInstant() : queries.next();
        long step = stepChoices[times.nextInt(stepChoices.length)];
        long start = from + times.nextInt((int) ((to - from) / 1000)) * 1000L;
        long end = Math.min(to, start + step * times.nextInt(300));
        String path =
            instant
                ? "/api/v1/query?query=" + enc(q) + "&time=" + seconds(end)
                : "/api/v1/query_range?query="
                    + enc(q)
                    + "&start="
                    + seconds(start)
                    + "&end="
                    + seconds(end)
                    + "&step="
                    + step / 1000.0;
        JsonNode theirs = JSON.readTree(prometheus.get(path).body());
        String ours;
        try {
          QueryResult r = instant ? engine.instant(q, end) : engine.range(q, start, end, step);
          ours = ResultJson.success(r);
        } catch (QueryException e) {
          ours = ResultJson.error(e);
        }
        JsonNode mine = JSON.readTree(ours);
        String difference = compare(theirs, mine, instant);
        if (difference != null
            && q.matches(".*\\b(topk|bottomk)\\b.*")
            && sameValues(theirs, mine)) {
          // Prometheus picks among equal values in Go's map order, which varies run to run.
          report.ties++;
          difference = null;
        }
        if (difference != null && orderDependent(q) && looselyEqual(theirs, mine, instant)) {
          // Prometheus sums a vector in Go's map order, so the last bits of a sum vary from run
          // to run; tan, % and kin then magnify them.
          report.summationOrder++;
          difference = null;
        }
        report.add(q, difference, theirs, ours);
      }
    }
    System.out.println(report.table());
    assertThat(report.disagreements)
        .as("queries whose results differ from Prometheus's (seed %d)", SEED)
        .isEmpty();
    assertThat(report.withData)
        .as("queries that return data: a test of empty results proves little")
        .isGreaterThan(QUERIES / 2);
  }

  static final Pattern SUMMING = Pattern.compile("\\b(sum|avg|stddev|stdvar)\\b");
  static final Pattern MAGNIFYING =
      Pattern.compile("(\\b(tan|sin|cos|exp|sinh|cosh|tanh|atan2)\\b| % | \\^ )");

  /** A sum of a vector feeds a function that magnifies its last bits. */
  static boolean orderDependent(String q) {
    return SUMMING.matcher(q).find() && MAGNIFYING.matcher(q).find();
  }

  static boolean looselyEqual(JsonNode theirs, JsonNode mine, boolean instant) {
    tolerance = 1e-6;
    try {
      return compare(theirs, mine, instant) == null;
    } finally {
      tolerance = 1e-9;
    }
  }

  /** Whether both hold the same values at each time, whatever series carry them. */
  static boolean sameValues(JsonNode theirs, JsonNode ours) {
    return valuesByTime(theirs).equals(valuesByTime(ours));
  }

  private static Map<String, List<String>> valuesByTime(JsonNode doc) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode s : doc.path("data").path("result")) {
      List<JsonNode> points = new ArrayList<>();
      s.path("values").forEach(points::add);
      if (s.has("value")) {
        points.add(s.path("value"));
      }
      for (JsonNode p : points) {
        out.computeIfAbsent(p.get(0).asText(), k -> new ArrayList<>()).add(p.get(1).asText());
      }
    }
    out.values().forEach(java.util.Collections::sort);
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /** Null when the two documents agree, else what differs. */
  static String compare(JsonNode theirs, JsonNode ours, boolean instant) {
    String status = theirs.path("status").asText();
    if (!status.equals(ours.path("status").asText())) {
      return "status " + status + " vs ours " + ours.path("status").asText() + ": " + ours;
    }
    if (status.equals("error")) {
      if (!theirs.path("errorType").asText().equals(ours.path("errorType").asText())) {
        return "errorType " + theirs.path("errorType") + " vs " + ours.path("errorType");
      }
      String x = normalize(theirs.path("error").asText());
      String y = normalize(ours.path("error").asText());
      return x.equals(y) ? null : "error " + theirs.path("error") + " vs " + ours.path("error");
    }
    JsonNode a = theirs.path("data");
    JsonNode b = ours.path("data");
    if (!a.path("resultType").equals(b.path("resultType"))) {
      return "resultType " + a.path("resultType") + " vs " + b.path("resultType");
    }
    if (a.path("resultType").asText().equals("scalar")) {
      return point(a.path("result"), b.path("result"));
    }
    if (a.path("resultType").asText().equals("string")) {
      return a.path("result").equals(b.path("result"))
          ? null
          : "string " + a.path("result") + " vs " + b.path("result");
    }
    Map<String, JsonNode> x = byMetric(a.path("result"));
    Map<String, JsonNode> y = byMetric(b.path("result"));
    if (!x.keySet().equals(y.keySet())) {
      Set<String> onlyTheirs = new LinkedHashSet<>(x.keySet());
      onlyTheirs.removeAll(y.keySet());
      Set<String> onlyOurs = new LinkedHashSet<>(y.keySet());
      onlyOurs.removeAll(x.keySet());
      return "series only in Prometheus's "
          + first(onlyTheirs)
          + ", only in ours "
          + first(onlyOurs);
    }
    for (String k : x.keySet()) {
      boolean vector = a.path("resultType").asText().equals("vector");
      String d =
          vector
              ? (x.get(k).has("value")
                  ? point(x.get(k).path("value"), y.get(k).path("value"))
                  : histogramPoint(x.get(k).path("histogram"), y.get(k).path("histogram")))
              : points(x.get(k), y.get(k));
      if (d != null) {
        return k + ": " + d;
      }
    }
    return null;
  }

  /**
   * An error message without what Prometheus leaves to chance or to its parser: which two series a
   * many-to-many error names depends on Go's map order, and parse errors are located by the parser
   * (compared in PromqlParityTest), not the evaluator.
   */
  static String normalize(String message) {
    String m =
        message.replaceFirst(
            "^(invalid parameter \"query\": )?\\d+:\\d+: parse error: ", "$1parse error: ");
    return m.replaceFirst(
        "match group \\{.*\\} on the (left|right) hand-side of the operation: \\[.*\\];",
        "match group {...} on the $1 hand-side of the operation: [...];");
  }

  private static String first(Set<String> s) {
    return s.size() <= 3
        ? s.toString()
        : new ArrayList<>(s).subList(0, 3) + " and " + (s.size() - 3) + " more";
  }

  private static Map<String, JsonNode> byMetric(JsonNode result) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode s : result) {
      out.put(new TreeMap<>(JSON.convertValue(s.path("metric"), Map.class)).toString(), s);
    }
    return out;
  }

  private static String points(JsonNode a, JsonNode b) {
    for (String field : List.of("values", "histograms")) {
      JsonNode x = a.path(field);
      JsonNode y = b.path(field);
      if (x.size() != y.size()) {
        return field
            + ": "
            + x.size()
            + " points vs our "
            + y.size()
            + " ("
            + times(x)
            + " vs "
            + times(y)
            + ")";
      }
      for (int i = 0; i < x.size(); i++) {
        String d =
            field.equals("values") ? point(x.get(i), y.get(i)) : histogramPoint(x.get(i), y.get(i));
        if (d != null) {
          return d;
        }
      }
    }
    return null;
  }

  private static String times(JsonNode points) {
    List<String> t = new ArrayList<>();
    Iterator<JsonNode> it = points.iterator();
    while (it.hasNext() && t.size() < 4) {
      t.add(it.next().get(0).asText());
    }
    return t + (points.size() > 4 ? "..." : "");
  }

  private static String point(JsonNode x, JsonNode y) {
    if (!x.get(0).asText().equals(y.get(0).asText())) {
      return "time " + x.get(0) + " vs " + y.get(0);
    }
    return close(x.get(1).asText(), y.get(1).asText())
        ? null
        : "at " + x.get(0) + ": " + x.get(1) + " vs " + y.get(1);
  }

  private static String histogramPoint(JsonNode x, JsonNode y) {
    if (!x.get(0).asText().equals(y.get(0).asText())) {
      return "time " + x.get(0) + " vs " + y.get(0);
    }
    JsonNode h = x.get(1);
    JsonNode g = y.get(1);
    if (!close(h.path("count").asText(), g.path("count").asText())
        || !close(h.path("sum").asText(), g.path("sum").asText())
        || h.path("buckets").size() != g.path("buckets").size()) {
      return "histogram at " + x.get(0) + ": " + h + " vs " + g;
    }
    for (int i = 0; i < h.path("buckets").size(); i++) {
      JsonNode p = h.path("buckets").get(i);
      JsonNode q = g.path("buckets").get(i);
      for (int j = 1; j < 4; j++) {
        if (p.get(0).asInt() != q.get(0).asInt() || !close(p.get(j).asText(), q.get(j).asText())) {
          return "histogram bucket " + i + " at " + x.get(0) + ": " + p + " vs " + q;
        }
      }
    }
    return null;
  }

  static boolean close(String x, String y) {
    double a = parse(x);
    double b = parse(y);
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    double diff = Math.abs(a - b);
    return diff <= tolerance * Math.max(Math.abs(a), Math.abs(b)) || diff < 1e-12;
  }

  private static double parse(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** Agreement per function and operator, and the disagreements in full. */
  static final class Report {
    private static final Pattern WORD = Pattern.compile("([a-z_][a-z0-9_]*)\\s*\\(");
    private static final Pattern OPERATOR =
        Pattern.compile(" (\\+|-|\\*|/|%|\\^|atan2|==|!=|>=|<=|>|<|and|or|unless) ");
    final Map<String, int[]> byFeature = new TreeMap<>();
    final List<String> disagreements = new ArrayList<>();
    int withData;
    int errors;
    int ties;
    int summationOrder;

    void add(String query, String difference, JsonNode theirs, String ours) {
      if (theirs.path("status").asText().equals("error")) {
        errors++;
      } else if (!theirs.path("data").path("result").isEmpty()
          || theirs.path("data").path("resultType").asText().equals("scalar")) {
        withData++;
      }
      Set<String> features = new LinkedHashSet<>();
      Matcher m = WORD.matcher(query);
      while (m.find()) {
        features.add(m.group(1));
      }
      m = OPERATOR.matcher(query);
      while (m.find()) {
        features.add(m.group(1));
      }
      for (String f :
          List.of("offset", "@", "bool", "group_left", "on(", "ignoring(", "by (", "without (")) {
        if (query.contains(f)) {
          features.add(f.replace("(", "").trim());
        }
      }
      if (query.matches(".*\\[[^\\]]*:[^\\]]*\\].*")) {
        features.add("subquery");
      }
      for (String f : features) {
        int[] counts = byFeature.computeIfAbsent(f, k -> new int[2]);
        counts[0]++;
        if (difference == null) {
          counts[1]++;
        }
      }
      if (difference != null) {
        disagreements.add(query + "\n    " + difference);
      }
    }

    String table() {
      StringBuilder out = new StringBuilder("PromQL differential test against Prometheus 2.42\n");
      out.append(String.format("%-22s %8s %8s%n", "function/operator", "queries", "agree"));
      byFeature.forEach((f, c) -> out.append(String.format("%-22s %8d %8d%n", f, c[0], c[1])));
      out.append(
          String.format(
              "queries with data: %d, errors (both): %d, topk/bottomk ties ordered otherwise: %d,"
                  + " sums in another order (within 1e-6): %d, disagreements: %d%n",
              withData, errors, ties, summationOrder, disagreements.size()));
      for (String d : disagreements.subList(0, Math.min(40, disagreements.size()))) {
        out.append("DIFFERS: ").append(d).append('\n');
      }
      return out.toString();
    }
  }
}
