package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every metricgen command in the README's shell blocks, in the README's order and as printed: all
 * run and succeed against a real Prometheus (the backfills, then verify of the dashboards the
 * scaffold read) but those that run until stopped or need a cluster (serve, operator), which parse
 * as written, and import, whose block ReadmeImportTest runs whole with its input. Paths under /tmp
 * go to a temporary directory.
 */
class ReadmeCommandsTest {

  private static final Set<String> PARSED_ONLY = Set.of("serve", "operator", "import");

  @TempDir Path tmp;

  /** The metricgen commands of the README's sh blocks, as argument lists. */
  static List<List<String>> commands() throws Exception {
    String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
    List<List<String>> out = new ArrayList<>();
    Matcher block = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(readme);
    while (block.find()) {
      String text = block.group(1).replace("\\\n", " ");
      for (String line : text.split("\n")) {
        for (String part : line.split("&&")) {
          List<String> words = words(part.replaceAll("#.*$", "").strip());
          int at = words.indexOf("cli/target/metricgen.jar");
          if (at >= 0) {
            out.add(untilRedirect(words.subList(at + 1, words.size())));
          } else if (!words.isEmpty() && words.get(0).equals("metricgen")) {
            out.add(untilRedirect(words.subList(1, words.size())));
          }
        }
      }
    }
    return out;
  }

  private static List<String> untilRedirect(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      if (w.startsWith(">") || w.equals("|")) {
        break;
      }
      out.add(w);
    }
    return out;
  }

  private static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  /** A README argument as it reads from the project's root, /tmp in a test's directory. */
  private String path(String arg) throws Exception {
    if (arg.startsWith("/tmp/")) {
      return tmp.resolve(arg.substring(5)).toString();
    }
    if (arg.matches("(examples|dashboards)(/.*)?")) {
      return ProjectFiles.root().resolve(arg).toString();
    }
    return arg;
  }

  @Test
  void everyCommandOfTheReadmeRunsOrParsesAsPrinted() throws Exception {
    List<List<String>> commands = commands();
    assertThat(commands).hasSizeGreaterThan(12);
    int ran = 0;
    try (var prometheus =
        io.metricgen.testing.PrometheusServer.start(
            tmp.resolve("prometheus"),
            "global:\n  scrape_interval: 1h\nstorage:\n  tsdb:\n"
                + "    out_of_order_time_window: 1d\n",
            "--web.enable-remote-write-receiver")) {
      for (List<String> command : commands) {
        List<String> args = new ArrayList<>();
        for (String a : command) {
          args.add(
              path(a)
                  .replace("http://127.0.0.1:9090", prometheus.url())
                  .replace("http://localhost:9090", prometheus.url()));
        }
        String name = args.get(0);
        if (!PARSED_ONLY.contains(name)) {
          if (name.equals("export") && args.contains("--split")) {
            Files.createDirectories(Path.of(args.get(args.indexOf("-o") + 1)));
          }
          CliRun run = CliRun.of(args.toArray(String[]::new));
          assertThat(run.exit()).as(String.join(" ", command) + "\n" + run.err()).isZero();
          ran++;
        } else {
          CommandLine.ParseResult parsed =
              Main.commandLine().parseArgs(args.toArray(String[]::new));
          assertThat(parsed.hasSubcommand()).as(String.join(" ", command)).isTrue();
        }
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(11);
  }
}
