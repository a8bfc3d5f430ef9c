package io.metricgen.engine.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads samples from CSV ({@code metric_name,labels,value,timestamp_ms}, labels as {@code
 * k1=v1;k2=v2}) or JSON ({@code [{"metric", "labels", "value", "timestamp_ms"}]}). Every bad line
 * becomes a {@link Problem} with its line number; good lines are kept, so a caller can refuse the
 * file or skip the bad lines.
 */
public final class SampleFileReader {

  /** How far in the future a timestamp may be: clocks differ a little, not more. */
  public static final long MAX_FUTURE_MILLIS = 5 * 60_000;

  private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  private static final String HEADER = "metric_name,labels,value,timestamp_ms";

  /** Samples and problems of one file. */
  public record Result(List<ImportSample> samples, List<Problem> problems) {}

  private final String source;
  private final long nowMillis;
  private final List<ImportSample> samples = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Integer> seen = new HashMap<>();

  private SampleFileReader(String source, long nowMillis) {
    this.source = source;
    this.nowMillis = nowMillis;
  }

  /** Reads CSV text. */
  public static Result csv(String source, String text, long nowMillis) {
    SampleFileReader r = new SampleFileReader(source, nowMillis);
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || (line.equals(HEADER) && r.samples.isEmpty())) {
        continue;
      }
      r.csvLine(line, i + 1);
    }
    return r.result();
  }

  /** Reads JSON text: an array of objects. */
  public static Result json(String source, String text, long nowMillis) {
    SampleFileReader r = new SampleFileReader(source, nowMillis);
    ObjectMapper mapper = new ObjectMapper();
    try (JsonParser p = mapper.createParser(text)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        r.problem(p.currentTokenLocation().getLineNr(), "expected a JSON array of samples");
        return r.result();
      }
      for (JsonToken t = p.nextToken(); ; t = p.nextToken()) {
        int line = p.currentTokenLocation().getLineNr();
        if (t == null) {
          r.problem(line, "the array is not closed");
          break;
        }
        if (t == JsonToken.END_ARRAY) {
          if (p.nextToken() != null) {
            r.problem(
                p.currentTokenLocation().getLineNr(),
                "more follows the array of samples; a file holds one array");
          }
          break;
        }
        JsonNode node = mapper.readTree(p);
        r.jsonItem(node, line);
      }
    } catch (JsonProcessingException e) {
      r.problem(
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      r.problem(0, "cannot read: " + e.getMessage());
    }
    return r.result();
  }

  private Result result() {
    return new Result(List.copyOf(samples), List.copyOf(problems));
  }

  private void csvLine(String line, int number) {
    List<String> fields = splitCsv(line);
    if (fields == null) {
      problem(number, "unbalanced double quotes");
      return;
    }
    if (fields.size() != 4) {
      problem(
          number,
          "expected 4 columns (metric_name,labels,value,timestamp_ms), got " + fields.size());
      return;
    }
    SortedMap<String, String> labels = parseLabels(fields.get(1).strip(), number);
    if (labels == null) {
      return;
    }
    add(fields.get(0).strip(), labels, fields.get(2).strip(), fields.get(3).strip(), number);
  }

  private void jsonItem(JsonNode node, int number) {
    if (!node.isObject()) {
      problem(number, "expected an object with metric, labels, value and timestamp_ms");
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!List.of("metric", "labels", "value", "timestamp_ms").contains(field)) {
        problem(
            number,
            "unknown field \"" + field + "\"; expected metric, labels, value, timestamp_ms");
        return;
      }
    }
    JsonNode labelsNode = node.path("labels");
    SortedMap<String, String> labels = new TreeMap<>();
    if (!labelsNode.isMissingNode() && !labelsNode.isNull()) {
      if (!labelsNode.isObject()) {
        problem(number, "labels must be an object of strings, like {\"job_type\": \"email\"}");
        return;
      }
      for (Map.Entry<String, JsonNode> e : labelsNode.properties()) {
        if (!e.getValue().isTextual()) {
          problem(number, "label " + e.getKey() + " must be a string");
          return;
        }
        if (!validLabel(e.getKey(), number)) {
          return;
        }
        labels.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode metric = node.path("metric");
    JsonNode value = node.path("value");
    JsonNode ts = node.path("timestamp_ms");
    if (!metric.isTextual()) {
      problem(number, "metric is required: a metric name");
      return;
    }
    if (!value.isNumber() && !value.isTextual()) {
      problem(number, "value is required: a number");
      return;
    }
    if (!ts.isMissingNode() && !ts.isNull() && !ts.isIntegralNumber()) {
      problem(number, "timestamp_ms must be whole milliseconds since the epoch, got " + ts);
      return;
    }
    add(
        metric.asText(),
        labels,
        value.asText(),
        ts.isMissingNode() || ts.isNull() ? "" : ts.asText(),
        number);
  }

  private void add(
      String name, SortedMap<String, String> labels, String value, String ts, int number) {
    if (!METRIC_NAME.matcher(name).matches()) {
      problem(
          number, "\"" + name + "\" is not a valid metric name; expected [a-zA-Z_:][a-zA-Z0-9_:]*");
      return;
    }
    double v;
    try {
      v = parseValue(value);
    } catch (NumberFormatException e) {
      problem(number, "value \"" + value + "\" is not a number");
      return;
    }
    long t;
    if (ts.isEmpty()) {
      t = nowMillis;
    } else {
      try {
        t = Long.parseLong(ts);
      } catch (NumberFormatException e) {
        problem(number, "timestamp_ms \"" + ts + "\" is not whole milliseconds since the epoch");
        return;
      }
      if (t > nowMillis + MAX_FUTURE_MILLIS) {
        problem(number, "timestamp_ms " + ts + " is more than 5 minutes in the future");
        return;
      }
    }
    for (Map.Entry<String, String> l : labels.entrySet()) {
      String why = Checks.notUnicode(l.getValue());
      if (why != null) {
        problem(number, "label " + l.getKey() + " " + why);
        return;
      }
    }
    ImportSample sample = new ImportSample(name, labels, v, t, number);
    Integer earlier = seen.putIfAbsent(sample.seriesId() + "@" + t, number);
    if (earlier != null) {
      problem(
          number,
          "a second sample of "
              + sample.seriesId()
              + " at "
              + t
              + " (the first is on line "
              + earlier
              + ")");
      return;
    }
    samples.add(sample);
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
      case "NaN", "nan" -> Double.NaN;
      default -> {
        if (text.isEmpty() || !text.matches("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$")) {
          throw new NumberFormatException(text);
        }
        yield Double.parseDouble(text);
      }
    };
  }

  /** {@code k1=v1;k2=v2}; {@code \;} and {@code \\} escape inside values. */
  private SortedMap<String, String> parseLabels(String text, int number) {
    SortedMap<String, String> out = new TreeMap<>();
    if (text.isEmpty()) {
      return out;
    }
    List<String> pairs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(text.charAt(++i));
      } else if (c == ';') {
        pairs.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    pairs.add(current.toString());
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problem(
            number,
            "labels \""
                + text
                + "\" are not name=value pairs separated by ;, like job_type=email;status=success");
        return null;
      }
      String name = pair.substring(0, eq).strip();
      if (!validLabel(name, number)) {
        return null;
      }
      if (out.put(name, pair.substring(eq + 1)) != null) {
        problem(number, "label " + name + " is given twice");
        return null;
      }
    }
    return out;
  }

  private boolean validLabel(String name, int number) {
    String bad = Checks.labelNameProblem(name);
    if (bad != null) {
      problem(number, bad);
      return false;
    }
    return true;
  }

  /**
   * Splits one CSV line; fields may be double-quoted with "" inside. Null when quotes don't close.
   */
  static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString());
    return out;
  }

  private void problem(int line, String message) {
    problems.add(new Problem(source, line, "", message));
  }
}
