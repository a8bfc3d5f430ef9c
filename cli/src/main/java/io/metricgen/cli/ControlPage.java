package io.metricgen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.live.Incident;
import io.metricgen.engine.live.LiveSeries;
import io.metricgen.engine.time.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What the control API's page shows, as HTML for people and as JSON for programs. */
final class ControlPage {

  /** The most series the page lists; the JSON at /api/v1/series lists all. */
  static final int PAGE_SERIES = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlPage() {}

  static ObjectNode json(LiveRun run, long now) {
    ObjectNode out = JSON.createObjectNode();
    out.put("scenario", run.file().toString());
    out.put("problem", run.problem());
    out.set("series", series(run.session().live().seriesAt(now)));
    ArrayNode incidents = out.putArray("incidents");
    run.session().live().incidents(now).forEach(i -> incidents.add(incident(i)));
    return out;
  }

  static ArrayNode series(List<LiveSeries> series) {
    ArrayNode out = JSON.createArrayNode();
    for (LiveSeries s : series) {
      ObjectNode n = out.addObject();
      n.put("metric", s.metric());
      n.put("type", s.type().name().toLowerCase(java.util.Locale.ROOT));
      ObjectNode labels = n.putObject("labels");
      s.labels().forEach(l -> labels.put(l.getName(), l.getValue()));
      if (Double.isNaN(s.value())) {
        n.putNull("value");
      } else {
        n.put("value", s.value());
      }
      if (s.incident() != null) {
        n.put("incident", s.incident());
      }
    }
    return out;
  }

  static ObjectNode incident(Incident i) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", i.id());
    n.put("state", i.state());
    n.put("startedAt", i.startedAt().toString());
    n.put("endsAt", i.endsAt().toString());
    n.put("series", i.series());
    n.set("incident", i.plan().spec());
    return n;
  }

  static byte[] html(LiveRun run, long now) {
    List<LiveSeries> series = run.session().live().seriesAt(now);
    List<Incident> incidents = run.session().live().incidents(now);
    StringBuilder out = new StringBuilder();
    out.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"5\"><title>metricgen</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 10px;")
        .append("text-align:left}td.n{text-align:right;font-family:monospace}")
        .append(".problem{color:#b00}</style></head><body>")
        .append("<h1>metricgen: ")
        .append(escape(run.file().toString()))
        .append("</h1>");
    if (run.problem() != null) {
      out.append("<p class=\"problem\">").append(escape(run.problem())).append("</p>");
    }
    out.append("<h2>Incidents</h2>");
    if (incidents.isEmpty()) {
      out.append("<p>None. POST one to /api/v1/incidents.</p>");
    } else {
      out.append("<table><tr><th>id</th><th>state</th><th>metric</th><th>started</th>")
          .append("<th>ends</th><th>series</th><th>incident</th></tr>");
      for (Incident i : incidents) {
        out.append("<tr><td>")
            .append(escape(i.id()))
            .append("</td><td>")
            .append(escape(i.state()))
            .append("</td><td>")
            .append(escape(i.plan().metric()))
            .append("</td><td>")
            .append(i.startedAt())
            .append("</td><td>")
            .append(i.endsAt())
            .append(i.running() ? " (in " + left(i, now) + ")" : "")
            .append("</td><td class=\"n\">")
            .append(i.series())
            .append("</td><td><code>")
            .append(escape(i.plan().spec().toString()))
            .append("</code></td></tr>");
      }
      out.append("</table>");
    }
    out.append("<h2>Series (").append(series.size()).append(")</h2>");
    out.append("<table><tr><th>series</th><th>type</th><th>value</th><th>incident</th></tr>");
    for (LiveSeries s : series.subList(0, Math.min(series.size(), PAGE_SERIES))) {
      out.append("<tr><td>")
          .append(escape(s.metric() + s.labels()))
          .append("</td><td>")
          .append(s.type().name().toLowerCase(java.util.Locale.ROOT))
          .append("</td><td class=\"n\">")
          .append(Double.isNaN(s.value()) ? "-" : String.valueOf(s.value()))
          .append("</td><td>")
          .append(s.incident() == null ? "" : escape(s.incident()))
          .append("</td></tr>");
    }
    out.append("</table>");
    if (series.size() > PAGE_SERIES) {
      out.append("<p>The first ")
          .append(PAGE_SERIES)
          .append("; all of them: <a href=\"/api/v1/series\">/api/v1/series</a>.</p>");
    }
    out.append("<p>JSON: <a href=\"/?format=json\">/?format=json</a></p></body></html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String left(Incident i, long now) {
    long ms = Math.max(0, i.endsAt().toEpochMilli() - now);
    return Durations.format(Duration.ofSeconds(Math.max(1, ms / 1000)));
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
