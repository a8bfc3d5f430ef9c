package io.metricgen.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.transport.Exchange;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Responses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of the Prometheus HTTP API that checking dashboards needs: range and instant queries,
 * series and label values. Waits and reply sizes are bounded; a reply that is not Prometheus's JSON
 * is an error that quotes at most a little of it.
 *
 * @see <a href="https://prometheus.io/docs/prometheus/latest/querying/api/">HTTP API</a>
 */
public final class PrometheusQueries implements QuerySource {

  /** Bytes of one reply read at most. */
  static final int MAX_BODY = 32 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpSettings settings;
  private final HttpClient http;

  /** A failed request or a query Prometheus refused; the message says which and why. */
  public static final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    public QueryException(String message) {
      this(message, false);
    }

    QueryException(String message, boolean unreachable) {
      super(message);
      this.unreachable = unreachable;
    }

    /** Prometheus could not be reached or did not answer in time, rather than refused a query. */
    public boolean unreachable() {
      return unreachable;
    }
  }

  public PrometheusQueries(URI base, HttpSettings settings) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.settings = settings;
    this.http = settings.client();
  }

  /** Where the queries go, with any credentials in the URL hidden. */
  @Override
  public String describe() {
    return Responses.redact(base);
  }

  /** How many series a range query returns with at least one sample. */
  @Override
  public int rangeSeries(String expr, Instant start, Instant end, long stepSeconds)
      throws QueryException, InterruptedException {
    JsonNode data =
        post(
            "api/v1/query_range",
            Map.of(
                "query", expr,
                "start", String.valueOf(start.getEpochSecond()),
                "end", String.valueOf(end.getEpochSecond()),
                "step", String.valueOf(stepSeconds)));
    int n = 0;
    for (JsonNode series : result(data, "api/v1/query_range", "matrix")) {
      if (series.path("values").size() > 0 || series.path("histograms").size() > 0) {
        n++;
      }
    }
    return n;
  }

  /** The result of an instant query, each series as Grafana's query_result() writes it. */
  @Override
  public List<String> instant(String expr, Instant time)
      throws QueryException, InterruptedException {
    JsonNode data =
        post("api/v1/query", Map.of("query", expr, "time", String.valueOf(time.getEpochSecond())));
    List<String> out = new ArrayList<>();
    JsonNode result = result(data, "api/v1/query", "vector", "scalar");
    if (data.path("resultType").asText().equals("scalar")) {
      // query_result(1): Grafana shows a scalar as its value and time.
      out.add("{} " + result.path(1).asText() + " " + result.path(0).asLong() * 1000);
      return out;
    }
    for (JsonNode series : result) {
      StringBuilder line = new StringBuilder(series.path("metric").path("__name__").asText(""));
      line.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> l : iterable(series.path("metric"))) {
        if (!l.getKey().equals("__name__")) {
          line.append(first ? "" : ", ")
              .append(l.getKey())
              .append("=\"")
              .append(l.getValue().asText())
              .append('"');
          first = false;
        }
      }
      line.append("} ").append(series.path("value").path(1).asText()).append(' ');
      line.append(series.path("value").path(0).asLong() * 1000);
      out.add(line.toString());
    }
    return out;
  }

  /** The values of a label, on the series that match the selector when one is given. */
  @Override
  public List<String> labelValues(String label, String selector, Instant start, Instant end)
      throws QueryException, InterruptedException {
    Set<String> out = new LinkedHashSet<>();
    if (selector == null) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("start", String.valueOf(start.getEpochSecond()));
      form.put("end", String.valueOf(end.getEpochSecond()));
      String path = "api/v1/label/" + URLEncoder.encode(label, StandardCharsets.UTF_8) + "/values";
      for (JsonNode v : list(get(path, form), path)) {
        out.add(v.asText());
      }
    } else {
      JsonNode data =
          post(
              "api/v1/series",
              Map.of(
                  "match[]", selector,
                  "start", String.valueOf(start.getEpochSecond()),
                  "end", String.valueOf(end.getEpochSecond())));
      for (JsonNode series : list(data, "api/v1/series")) {
        if (series.hasNonNull(label)) {
          out.add(series.get(label).asText());
        }
      }
    }
    return out.stream().sorted().toList();
  }

  /**
   * The {@code result} of a query's data, when it is of one of {@code types}: a Prometheus (or a
   * proxy pretending to be one) that answers a range query with a vector, or success without data,
   * is wrong, not empty.
   */
  private JsonNode result(JsonNode data, String path, String... types) throws QueryException {
    String type = data.path("resultType").asText(null);
    JsonNode result = data.path("result");
    boolean known = java.util.Arrays.asList(types).contains(type);
    boolean shaped =
        type != null && type.equals("scalar")
            ? result.isArray() && result.size() == 2
            : result.isArray();
    if (!known || !shaped) {
      throw new QueryException(
          describe()
              + path
              + " answered success with "
              + (data.isMissingNode() || data.isNull()
                  ? "no data"
                  : type == null
                      ? "data without a resultType"
                      : !known
                          ? "a " + Responses.printable(type) + " result"
                          : "a " + type + " result that is not one")
              + " where Prometheus gives "
              + String.join(" or ", types)
              + ": is it Prometheus, or a proxy in front of it?");
    }
    return result;
  }

  /** The data of an endpoint that answers a list (label values, series), when it is one. */
  private JsonNode list(JsonNode data, String path) throws QueryException {
    if (!data.isArray()) {
      throw new QueryException(
          describe()
              + path
              + " answered success with "
              + (data.isMissingNode() || data.isNull() ? "no data" : "data that is not a list")
              + ": is it Prometheus, or a proxy in front of it?");
    }
    return data;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  private JsonNode get(String path, Map<String, String> params)
      throws QueryException, InterruptedException {
    URI uri = base.resolve(path + "?" + form(params));
    return send(uri, HttpRequest.newBuilder(uri).GET());
  }

  private JsonNode post(String path, Map<String, String> params)
      throws QueryException, InterruptedException {
    URI uri = base.resolve(path);
    return send(
        uri,
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(params))));
  }

  private static String form(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private JsonNode send(URI uri, HttpRequest.Builder request)
      throws QueryException, InterruptedException {
    Exchange.Reply response;
    try {
      response = settings.exchange(http, request, MAX_BODY);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new QueryException(e.getMessage(), true);
    } catch (IOException e) {
      throw new QueryException(
          Responses.redact(uri) + " can't be reached: " + e.getMessage(), true);
    }
    byte[] body = response.body();
    if (response.cut()) {
      throw new QueryException(
          Responses.redact(uri)
              + " answered with more than "
              + (MAX_BODY >> 20)
              + " MiB; not read");
    }
    JsonNode reply;
    try {
      reply = JSON.readTree(body);
    } catch (IOException e) {
      reply = null;
    }
    if (reply == null || !reply.has("status")) {
      throw new QueryException(
          Responses.redact(uri)
              + " answered HTTP "
              + response.status()
              + " without Prometheus's JSON: "
              + Responses.printable(
                  new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)));
    }
    if (!reply.path("status").asText().equals("success")) {
      throw new QueryException(
          "Prometheus refused the query: "
              + Responses.printable(reply.path("error").asText("HTTP " + response.status())));
    }
    return reply.path("data");
  }
}
