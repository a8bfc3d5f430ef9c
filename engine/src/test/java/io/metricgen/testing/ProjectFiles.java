package io.metricgen.testing;

import java.nio.file.Path;

/** Files of the repository (examples/), found from the build's project root. */
public final class ProjectFiles {

  private ProjectFiles() {}

  public static Path root() {
    String configured = System.getProperty("metricgen.projectRoot");
    return configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
  }

  public static Path example(String name) {
    return root().resolve("examples").resolve(name);
  }
}
