package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of editing the scrape list over generated layouts: indentation, comments, quoting
 * styles, YAML 1.1 scalars, anchors and aliases, block scalars, flow style, a missing final
 * newline. The operator's job comes and goes; every other entry keeps its bytes and its value.
 */
class ScrapeConfigTextPropertiesTest {

  private static final List<String> VALUES =
      List.of("on", "yes", "010", "1e3", "1.10", "~", "'a: b'", "\"#not a comment\"", "\"é 🚀\"");

  record Layout(String text) {}

  @Property(tries = 300)
  void theJobComesAndGoesAndNothingElseMoves(@ForAll("layouts") Layout layout) throws Exception {
    String original = layout.text();
    ObjectNode job = ScrapeConfig.job(DesiredStateTest.example("metricgenerator-quickstart.yaml"));
    String added = ScrapeConfig.withJob(original, job);
    ScrapeConfigCorpusTest.assertForeignEntriesKept(original, added);
    String changed = ScrapeConfig.withJob(added, job.deepCopy().put("scrape_interval", "1m"));
    ScrapeConfigCorpusTest.assertForeignEntriesKept(original, changed);
    String removed = ScrapeConfig.withoutJob(changed, "metricgen/team-a/quickstart");
    assertThat(ScrapeConfigText.parse(removed).values())
        .isEqualTo(ScrapeConfigText.parse(original).values());
    if (original.endsWith("\n") && !original.strip().equals("[]")) {
      assertThat(removed).isEqualTo(original);
    }
  }

  @Provide
  Arbitrary<Layout> layouts() {
    Arbitrary<String> block =
        Combinators.combine(
                Arbitraries.of("", "  "),
                entry().list().ofMaxSize(5),
                Arbitraries.of("", "# trailing\n", "\n"),
                Arbitraries.of(true, false))
            .as(
                (indent, entries, trailer, finalNewline) -> {
                  StringBuilder out = new StringBuilder();
                  boolean anchored = !entries.isEmpty() && entries.get(0).contains("&a ");
                  for (int i = 0; i < entries.size(); i++) {
                    String e = entries.get(i).replace("@I", String.valueOf(i));
                    if (i > 0) {
                      e = e.replace("&a ", "").replace("ALIAS", anchored ? "*a0" : "[t:2]");
                    } else {
                      e = e.replace("&a ", "&a0 ").replace("ALIAS", "[t:0]");
                    }
                    for (String line : e.split("\n")) {
                      out.append(indent).append(line).append('\n');
                    }
                  }
                  out.append(trailer);
                  String t = out.toString();
                  return finalNewline || t.isEmpty() ? t : t.substring(0, t.length() - 1);
                });
    Arbitrary<String> flow =
        Arbitraries.integers()
            .between(0, 3)
            .map(
                n -> {
                  StringBuilder out = new StringBuilder("[");
                  for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? ",\n " : "")
                        .append("{\"job_name\": \"f")
                        .append(i)
                        .append("\", \"static_configs\": [{\"targets\": [\"f:")
                        .append(i)
                        .append("\"]}]}");
                  }
                  return out.append("]\n").toString();
                });
    return Arbitraries.oneOf(block, flow).map(Layout::new);
  }

  private Arbitrary<String> entry() {
    Arbitrary<String> name = Arbitraries.of("job@I", "'job@I'", "\"job@I\"");
    Arbitrary<String> before = Arbitraries.of("", "# about this job\n", "\n");
    Arbitrary<String> value = Arbitraries.of(VALUES);
    Arbitrary<String> extra =
        Arbitraries.of(
            "",
            "  static_configs: &a \n  - targets: [t:1]\n",
            "  static_configs: ALIAS\n",
            "  metric_relabel_configs:\n  - action: drop\n    regex: |\n      a|b\n\n",
            "  params: {module: [http_2xx]}   # flow inside block\n");
    return Combinators.combine(before, name, value, extra)
        .as(
            (b, n, v, x) ->
                b
                    + "- job_name: "
                    + n
                    + "  # comment\n"
                    + (x.contains("static_configs")
                        ? x
                        : "  static_configs:\n  - targets: [t:1]\n"
                            + "    labels: {v: "
                            + v
                            + "}\n"
                            + x));
  }
}
