package io.metricgen.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real Prometheus programs that Debian's packages install; never a stand-in. */
public final class Binaries {

  private Binaries() {}

  /**
   * The path of {@code name} on PATH (or /usr/bin).
   *
   * @throws IllegalStateException saying which Debian package to install
   */
  public static Path find(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed; this test needs the real program: apt-get install "
            + debianPackage
            + " (.ci/run does)");
  }

  public static Path prometheus() {
    return find("prometheus", "prometheus");
  }

  public static Path promtool() {
    return find("promtool", "prometheus");
  }

  public static Path pushgateway() {
    return find("prometheus-pushgateway", "prometheus-pushgateway");
  }
}
