package io.metricgen.engine.promql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.testing.Binaries;
import io.metricgen.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser against the real {@code promtool check rules} (Prometheus 2.42, Debian's): a corpus of
 * 483 expressions written by hand to probe the grammar's edges and 400 mutants of them (from
 * ../shared/adversarial-2/01-promql, in {@code promql/parity.json}) go to both, and both accept or
 * both refuse each, but for syntax that Prometheus 3 accepts and 2.42 does not yet know, which the
 * parser keeps accepting (dashboards are written for newer Prometheus too): the functions of {@link
 * #NEWER_FUNCTIONS} and quoted label names.
 */
class PromqlParityTest {

  /** Functions and aggregations of Prometheus 3.x, unknown to 2.42. */
  static final Set<String> NEWER_FUNCTIONS =
      Set.of(
          "limitk",
          "limit_ratio",
          "histogram_avg",
          "histogram_stddev",
          "histogram_stdvar",
          "mad_over_time",
          "sort_by_label",
          "sort_by_label_desc",
          "double_exponential_smoothing",
          "ts_of_max_over_time",
          "ts_of_min_over_time",
          "ts_of_last_over_time",
          "info");

  private static final Pattern GROUP_ERROR =
      Pattern.compile("group \"g(\\d+)\", rule 1, \"r\": (.*)$");
  private static final Pattern UNKNOWN_FUNCTION =
      Pattern.compile("unknown function with name \"([a-z_]+)\"");

  @TempDir Path dir;

  @Test
  void everyExpressionIsAcceptedOrRefusedAsPromtoolDoes() throws Exception {
    JsonNode corpus =
        new ObjectMapper()
            .readTree(
                PromqlParityTest.class.getResourceAsStream("/promql/parity.json").readAllBytes());
    List<String> exprs = new ArrayList<>();
    corpus.path("hand").forEach(e -> exprs.add(e.asText()));
    corpus.path("fuzz").forEach(e -> exprs.add(e.asText()));
    corpus.path("edges").forEach(e -> exprs.add(e.asText()));
    assertThat(exprs).hasSizeGreaterThan(1100);

    Map<Integer, String> refused = promtool(exprs);
    List<String> disagreements = new ArrayList<>();
    int agree = 0;
    int newer = 0;
    for (int i = 0; i < exprs.size(); i++) {
      String e = exprs.get(i);
      String ours;
      try {
        Parser.parse(e);
        ours = null;
      } catch (PromqlException p) {
        ours = p.getMessage();
      }
      String theirs = refused.get(i);
      if ((ours == null) == (theirs == null)) {
        agree++;
        continue;
      }
      if (ours == null && byVersion(theirs)) {
        newer++;
        continue;
      }
      disagreements.add(
          String.format(
              "%s: promtool %s, metricgen %s",
              new ObjectMapper().writeValueAsString(e),
              theirs == null ? "accepts" : "refuses (" + theirs + ")",
              ours == null ? "accepts" : "refuses (" + ours + ")"));
    }
    System.out.printf(
        "PromQL parity with promtool 2.42: %d expressions, %d agree, %d newer syntax kept, %d"
            + " differ%n",
        exprs.size(), agree, newer, disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(agree).isGreaterThan(1100);
  }

  /** Whether promtool refused it only for syntax newer than 2.42. */
  private static boolean byVersion(String promtool) {
    Matcher m = UNKNOWN_FUNCTION.matcher(promtool);
    if (m.find() && NEWER_FUNCTIONS.contains(m.group(1))) {
      return true;
    }
    // Prometheus 3 reads quoted label names (UTF-8 names): {"foo"}, {"a"="b"}, by ("a").
    return promtool.contains("unexpected string")
        && (promtool.contains("in label matching, expected identifier")
            || promtool.contains("in grouping opts, expected label"));
  }

  /** What promtool says of each expression it refuses, by index: one rule group each. */
  private Map<Integer, String> promtool(List<String> exprs) throws Exception {
    ObjectMapper json = new ObjectMapper();
    StringBuilder rules = new StringBuilder("groups:\n");
    for (int i = 0; i < exprs.size(); i++) {
      rules
          .append("- name: g")
          .append(i)
          .append("\n  rules:\n  - record: r\n    expr: ")
          .append(json.writeValueAsString(exprs.get(i)))
          .append('\n');
    }
    Path file = dir.resolve("parity.yaml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);
    Processes.Result r =
        Processes.run(
            120, dir, List.of(Binaries.promtool().toString(), "check", "rules", file.toString()));
    Map<Integer, String> out = new HashMap<>();
    for (String line : r.output().split("\n")) {
      Matcher m = GROUP_ERROR.matcher(line);
      if (m.find()) {
        out.put(Integer.parseInt(m.group(1)), m.group(2));
      }
    }
    assertThat(r.exitCode() == 0).as(r.output()).isEqualTo(out.isEmpty());
    return out;
  }
}
