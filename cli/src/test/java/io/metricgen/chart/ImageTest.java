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

  @Test
  void theBaseImageIsPinnedAndWhatIsCopiedIsWhatTheBuildMakes() throws Exception {
    String containerfile = Files.readString(ROOT.resolve("Containerfile"));
    Matcher from = Pattern.compile("(?m)^FROM (\\S+)$").matcher(containerfile);
    assertThat(from.find()).isTrue();
    String base = from.group(1);
    // A version, not a moving "latest": the JRE of the Java the project is built for.
    assertThat(base).matches("[^:@]+(:[^:@]+)?(@sha256:[0-9a-f]{64})?").doesNotEndWith(":latest");
    assertThat(base).contains(":17");
    String pom = Files.readString(ROOT.resolve("cli/pom.xml"));
    assertThat(pom).contains("<finalName>metricgen</finalName>");
    assertThat(containerfile)
        .contains("COPY cli/target/metricgen.jar /opt/metricgen/metricgen.jar")
        .contains("COPY bin/metricgen /usr/local/bin/metricgen");
    assertThat(Files.readString(ROOT.resolve("bin/metricgen")))
        .contains("/opt/metricgen/metricgen.jar");
  }

  @Test
  void theReleaseWorkflowBuildsBothArchitecturesAndPushesTheChartWithTheVersionsThatAgree()
      throws Exception {
    String release = Files.readString(ROOT.resolve("examples/ci/release.yml"));
    var workflow = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(release);
    assertThat(workflow.path("jobs").path("release").path("steps").size()).isGreaterThan(5);
    assertThat(release)
        .contains("platforms: linux/amd64,linux/arm64")
        .contains("file: Containerfile")
        .contains("helm push \"dist/metricgen-${VERSION}.tgz\" \"oci://${REGISTRY}/charts\"")
        .contains("bash .ci/run");
    // The workflow's own check, on this tree: the chart's version, its appVersion and the image's
    // label are one version, which the tag must be.
    String chart = Files.readString(ROOT.resolve("helm/metricgen/Chart.yaml"));
    Matcher version = Pattern.compile("(?m)^version: (\\S+)$").matcher(chart);
    assertThat(version.find()).isTrue();
    assertThat(chart).contains("appVersion: \"" + version.group(1) + "\"");
    assertThat(Files.readString(ROOT.resolve("Containerfile")))
        .contains("org.opencontainers.image.version=\"" + version.group(1) + "\"");
  }
}
