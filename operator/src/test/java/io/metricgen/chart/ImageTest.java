package io.metricgen.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.testing.Processes;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the image without a container engine: its build definition, the chart and
 * the operator name the same tag, it runs as a numeric non-root user, and its entrypoint runs the
 * CLI.
 */
class ImageTest {

  private static final Path ROOT = ProjectFiles.root();

  @Test
  void theBuildTheChartAndTheOperatorNameTheSameImage() throws Exception {
    String containerfile = Files.readString(ROOT.resolve("Containerfile"));
    Matcher built = Pattern.compile("-t (\\S+):(\\S+) \\.").matcher(containerfile);
    assertThat(built.find()).isTrue();
    String image = built.group(1) + ":" + built.group(2);
    assertThat(image).isEqualTo(OperatorConfig.DEFAULT.generatorImage());
    assertThat(containerfile)
        .contains("org.opencontainers.image.version=\"" + built.group(2) + "\"");
    String chart = Files.readString(ROOT.resolve("helm/metricgen/Chart.yaml"));
    assertThat(chart).contains("appVersion: \"" + built.group(2) + "\"");
    String values = Files.readString(ROOT.resolve("helm/metricgen/values.yaml"));
    assertThat(values).contains("repository: " + built.group(1));
    // Restricted pods need a numeric user the kubelet can check.
    assertThat(containerfile).containsPattern("(?m)^USER [0-9]+:[0-9]+$");
    assertThat(containerfile).contains("ENTRYPOINT [\"metricgen\"]");
  }

  @Test
  void theEntrypointRunsTheCli() throws Exception {
    ProcessBuilder b =
        new ProcessBuilder(
            "sh",
            ROOT.resolve("bin/metricgen").toString(),
            "validate",
            ProjectFiles.example("scenario.yaml").toString());
    Map<String, String> env = b.environment();
    env.put("METRICGEN_CLASSPATH", System.getProperty("java.class.path"));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
    Processes.Result r = Processes.run(60, b);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("scenario.yaml: ok, 5 metrics");
    assertThat(List.of(Files.getPosixFilePermissions(ROOT.resolve("bin/metricgen")).toArray()))
        .asString()
        .contains("OWNER_EXECUTE");
  }
}
