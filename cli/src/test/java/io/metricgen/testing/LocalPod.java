package io.metricgen.testing;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's command as a local process: the image's {@code metricgen} is this build, and the
 * paths where volumes would mount are directories of the test.
 */
public final class LocalPod {

  private LocalPod() {}

  /**
   * A process of {@code command} with the environment a pod of an Indexed Job has: its index, and
   * (as a ServiceAccount gives it in a cluster) the API server and namespace, here the mock's.
   */
  public static ProcessBuilder indexed(
      List<String> command, int index, String apiServer, String namespace) {
    ProcessBuilder b = new ProcessBuilder(command);
    java.util.Map<String, String> env = b.environment();
    env.put("JOB_COMPLETION_INDEX", String.valueOf(index));
    env.put("KUBERNETES_MASTER", apiServer);
    env.put("KUBERNETES_NAMESPACE", namespace);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBECONFIG", java.io.File.separator + "nonexistent");
    return b;
  }

  /** The container's command and arguments, with {@code mountPath} replaced by {@code dir}. */
  public static List<String> command(Container container, String mountPath, Path dir) {
    if (!container.getCommand().equals(List.of("metricgen"))) {
      throw new IllegalArgumentException("not metricgen: " + container.getCommand());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.metricgen.cli.Main");
    for (String arg : container.getArgs()) {
      command.add(arg.replace(mountPath, dir.toString()));
    }
    return command;
  }
}
