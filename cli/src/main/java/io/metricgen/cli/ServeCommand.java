package io.metricgen.cli;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen serve}: a scrape target whose values follow the wall clock. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the scenario on /metrics for Prometheus to scrape.",
      "Values advance with the wall clock from the moment it starts; the Accept header chooses"
          + " the format. Runs until stopped."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Mixin LiveOptions liveOptions;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:9100",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default 127.0.0.1:9100; port 0 picks a free one).")
  String listen;

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = address();
    LiveRun run = LiveRun.start(scenario, liveOptions, System.currentTimeMillis(), spec);
    MetricsServer server;
    try {
      server = MetricsServer.start(run.session().live(), address);
    } catch (Exception e) {
      run.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  run.close();
                  stopped.countDown();
                }));
    System.err.printf(
        "serving %d series from %s on http://%s:%d/metrics%s%n",
        run.session().live().scenario().seriesCount(),
        scenario.file,
        address.getHostString(),
        server.port(),
        liveOptions.watch ? " (watching the file)" : "");
    stopped.await();
    return 0;
  }

  private InetSocketAddress address() {
    return ListenAddress.parse(listen, "--listen", spec);
  }
}
