package io.metricgen.engine.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * The query of a Grafana query variable for Prometheus, split into its function and arguments:
 * {@code label_values(label)}, {@code label_values(selector, label)}, {@code query_result(expr)},
 * {@code metrics(regex)}, {@code label_names()}; anything else is kept as a plain query.
 */
public record VariableQuery(Kind kind, String expr, String label) {

  /** The functions Grafana's Prometheus data source offers for variables. */
  public enum Kind {
    LABEL_VALUES,
    QUERY_RESULT,
    METRICS,
    LABEL_NAMES,
    OTHER
  }

  private static final List<String> FUNCTIONS =
      List.of("label_values", "query_result", "metrics", "label_names");

  /** Splits a variable query; the argument texts are not parsed here. */
  public static VariableQuery parse(String query) {
    String q = query.strip();
    for (String f : FUNCTIONS) {
      if (q.toLowerCase(Locale.ROOT).startsWith(f)) {
        String rest = q.substring(f.length()).strip();
        if (rest.startsWith("(") && rest.endsWith(")") && closes(rest) == rest.length() - 1) {
          String args = rest.substring(1, rest.length() - 1).strip();
          return switch (f) {
            case "label_values" -> {
              int comma = lastTopLevelComma(args);
              yield comma < 0
                  ? new VariableQuery(Kind.LABEL_VALUES, null, args)
                  : new VariableQuery(
                      Kind.LABEL_VALUES,
                      args.substring(0, comma).strip(),
                      args.substring(comma + 1).strip());
            }
            case "query_result" -> new VariableQuery(Kind.QUERY_RESULT, args, null);
            case "metrics" -> new VariableQuery(Kind.METRICS, args, null);
            default -> new VariableQuery(Kind.LABEL_NAMES, args.isEmpty() ? null : args, null);
          };
        }
      }
    }
    return new VariableQuery(Kind.OTHER, q, null);
  }

  /** Where the parenthesis that opens {@code s} closes, skipping quoted text; -1 if never. */
  private static int closes(String s) {
    return scan(s, true);
  }

  private static int lastTopLevelComma(String s) {
    return scan(s, false);
  }

  /**
   * One pass over brackets and quotes: the index where the first bracket closes, or the last comma
   * outside any bracket.
   */
  private static int scan(String s, boolean firstClose) {
    int depth = 0;
    char quote = 0;
    int lastComma = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        if (--depth == 0 && firstClose) {
          return i;
        }
      } else if (c == ',' && depth == 0) {
        lastComma = i;
      }
    }
    return firstClose ? -1 : lastComma;
  }
}
