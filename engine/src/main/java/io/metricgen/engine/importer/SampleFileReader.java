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

  /** The unit of the timestamp column: milliseconds (the default) or seconds. */
  public enum TimestampUnit {
    MILLISECONDS,
    SECONDS
  }

  /** Timestamps in milliseconds below this (1973-03-03) are seconds, almost surely. */
  static final long SECONDS_LIKELY_BELOW = 100_000_000_000L;

  private final String source;
  private final long nowMillis;
  private final TimestampUnit unit;
  private final List<ImportSample> samples = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Integer> seen = new HashMap<>();

  private SampleFileReader(String source, long nowMillis, TimestampUnit unit) {
    this.source = source;
    this.nowMillis = nowMillis;
    this.unit = unit;
  }

  /** Reads CSV text, timestamps in milliseconds. */
  public static Result csv(String source, String text, long nowMillis) {
    return csv(source, text, nowMillis, TimestampUnit.MILLISECONDS);
  }

  /**
   * Reads CSV text as RFC 4180 has it: a quoted field may hold commas, doubled quotes and line
   * breaks, and is kept exactly as written; an unquoted field is taken without its surrounding
   * spaces. Lines that are empty or start with # (outside quotes) are skipped, and so is the header
   * line.
   */
  public static Result csv(String source, String text, long nowMillis, TimestampUnit unit) {
    SampleFileReader r = new SampleFileReader(source, nowMillis, unit);
    for (CsvRecord record : records(text, r)) {
      r.csvRecord(record);
    }
    return r.result();
  }

  /** Reads JSON text: an array of objects, timestamps in milliseconds. */
  public static Result json(String source, String text, long nowMillis) {
    return json(source, text, nowMillis, TimestampUnit.MILLISECONDS);
  }

  /** Reads JSON text: an array of objects. */
  public static Result json(String source, String text, long nowMillis, TimestampUnit unit) {
    SampleFileReader r = new SampleFileReader(source, nowMillis, unit);
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
    List<Problem> byLine = new ArrayList<>(problems);
    byLine.sort(java.util.Comparator.comparingInt(Problem::line));
    return new Result(List.copyOf(samples), List.copyOf(byLine));
  }

  /** One field of a CSV record: its text, and whether it was quoted (then kept exactly). */
  record CsvField(String text, boolean quoted) {
    /** The value: a quoted field as written, an unquoted one without surrounding spaces. */
    String value() {
      return quoted ? text : text.strip();
    }
  }

  /** One CSV record and the line it starts on. */
  record CsvRecord(int line, List<CsvField> fields) {}

  /**
   * The records of CSV text (RFC 4180, with LF or CRLF line ends). A quoted field that never closes
   * is a problem naming the line it opened on; the records before it are kept.
   */
  static List<CsvRecord> records(String text, SampleFileReader problems) {
    List<CsvRecord> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = line;
      // A comment or an empty line, outside quotes.
      int eol = text.indexOf('\n', i);
      String rest = text.substring(i, eol < 0 ? n : eol).strip();
      if (rest.isEmpty() || rest.startsWith("#")) {
        i = eol < 0 ? n : eol + 1;
        line++;
        continue;
      }
      List<CsvField> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      boolean afterQuote = false;
      while (i < n) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          if (c == '"') {
            quoted = false;
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
          i++;
          continue;
        }
        if (c == '"' && field.toString().isBlank() && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
          field.setLength(0);
        } else if (c == ',') {
          fields.add(new CsvField(field.toString(), wasQuoted));
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\n') {
          i++;
          line++;
          break;
        } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          // CRLF: the LF ends the record.
        } else if (wasQuoted && !Character.isWhitespace(c)) {
          afterQuote = true;
        } else if (!wasQuoted) {
          field.append(c);
        }
        i++;
      }
      if (quoted) {
        problems.problem(
            start,
            "a quoted field opened on line "
                + start
                + " is not closed (unbalanced double quotes); a quote inside one is written \"\"");
        return out;
      }
      fields.add(new CsvField(field.toString(), wasQuoted));
      if (afterQuote) {
        problems.problem(
            start,
            "text after a quoted field's closing quote; a quote inside a quoted field is written"
                + " \"\"");
      } else {
        out.add(new CsvRecord(start, fields));
      }
    }
    return out;
  }

  private void csvRecord(CsvRecord record) {
    List<CsvField> fields = record.fields();
    int number = record.line();
    if (samples.isEmpty()
        && String.join(",", fields.stream().map(CsvField::value).toList()).equals(HEADER)) {
      return;
    }
    if (fields.size() != 4) {
      problem(
          number,
          "expected 4 columns (metric_name,labels,value,timestamp_ms), got " + fields.size());
      return;
    }
    CsvField labelsField = fields.get(1);
    SortedMap<String, String> labels =
        parseLabels(labelsField.value(), labelsField.quoted(), number);
    if (labels == null) {
      return;
    }
    add(fields.get(0).value(), labels, fields.get(2).value(), fields.get(3).value(), number);
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
    boolean numeric = unit == TimestampUnit.SECONDS ? ts.isNumber() : ts.isIntegralNumber();
    if (!ts.isMissingNode() && !ts.isNull() && !numeric) {
      problem(
          number,
          "timestamp_ms must be "
              + (unit == TimestampUnit.SECONDS
                  ? "seconds since the epoch"
                  : "whole milliseconds since the epoch")
              + ", got "
              + ts);
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
        if (unit == TimestampUnit.SECONDS) {
          t =
              new java.math.BigDecimal(ts)
                  .movePointRight(3)
                  .setScale(0, java.math.RoundingMode.HALF_EVEN)
                  .longValueExact();
        } else {
          t = Long.parseLong(ts);
        }
      } catch (NumberFormatException | ArithmeticException e) {
        problem(
            number,
            "timestamp_ms \""
                + ts
                + "\" is not "
                + (unit == TimestampUnit.SECONDS
                    ? "seconds since the epoch"
                    : "whole milliseconds since the epoch"));
        return;
      }
      if (unit == TimestampUnit.MILLISECONDS
          && t > 0
          && t < SECONDS_LIKELY_BELOW
          && t * 1000 <= nowMillis + MAX_FUTURE_MILLIS) {
        problem(
            number,
            "timestamp_ms "
                + ts
                + " looks like seconds ("
                + java.time.Instant.ofEpochMilli(t * 1000)
                + " as seconds, "
                + java.time.Instant.ofEpochMilli(t)
                + " as milliseconds): give milliseconds, or --timestamp-unit s for a file in"
                + " seconds");
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

  /**
   * {@code k1=v1;k2=v2}; {@code \;} and {@code \\} escape inside values. In a quoted field values
   * are kept exactly as written; in an unquoted one, without their surrounding spaces.
   */
  private SortedMap<String, String> parseLabels(String text, boolean exact, int number) {
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
      String value = exact ? pair.substring(eq + 1) : pair.substring(eq + 1).strip();
      if (out.put(name, value) != null) {
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

  private void problem(int line, String message) {
    problems.add(new Problem(source, line, "", message));
  }
}
