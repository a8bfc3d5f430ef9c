package io.metricgen.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.metricgen.engine.transport.DeliveryException;
import io.metricgen.operator.controller.DashboardDataCheck;
import io.metricgen.operator.controller.MetricgenOperator;
import io.metricgen.operator.desired.OperatorConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen operator}: the MetricGenerator controller. */
@Command(
    name = "operator",
    usageHelpWidth = 100,
    mixinStandardHelpOptions = true,
    description = {
      "Runs the MetricGenerator and Backfill controllers.",
      "Uses the current kubeconfig, or the in-cluster config inside a pod. Serves /healthz,"
          + " /readyz and its own metrics on /metrics. Runs until stopped."
    })
final class OperatorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--namespace",
      split = ",",
      paramLabel = "NS",
      description = "Namespaces to watch (repeat or comma-separate); default: all.")
  List<String> namespaces = List.of();

  @Option(
      names = "--listen",
      defaultValue = "0.0.0.0:8080",
      paramLabel = "HOST:PORT",
      description = "Address for /healthz, /readyz and /metrics (default 0.0.0.0:8080).")
  String listen;

  @Option(
      names = "--scrape-secret",
      defaultValue = "monitoring/additional-scrape-configs",
      paramLabel = "NS/NAME",
      description =
          "Default Prometheus additional-scrape-configs Secret (default"
              + " monitoring/additional-scrape-configs).")
  String scrapeSecret;

  @Option(
      names = "--scrape-secret-key",
      defaultValue = "additional-scrape-configs.yaml",
      paramLabel = "KEY",
      description = "Its key (default additional-scrape-configs.yaml).")
  String scrapeSecretKey;

  @Mixin ScrapeOptions scrape;

  @Option(
      names = "--grafana-namespace",
      paramLabel = "NS",
      description =
          "Where dashboard ConfigMaps go (the Grafana sidecar's namespace); default: each"
              + " resource's own.")
  String grafanaNamespace;

  @Option(
      names = "--dashboard-mode",
      defaultValue = "sidecar",
      paramLabel = "MODE",
      description =
          "How dashboards reach Grafana: sidecar (ConfigMaps Grafana's sidecar loads, the"
              + " default) or grafanaOperator (GrafanaDashboard resources).")
  OperatorConfig.DashboardMode dashboardMode;

  @Option(
      names = "--dashboard-label",
      paramLabel = "NAME=VALUE",
      description =
          "A label the sidecar looks for on dashboard ConfigMaps (repeatable; default"
              + " grafana_dashboard=1).")
  Map<String, String> dashboardLabels = new java.util.LinkedHashMap<>();

  @Option(
      names = "--dashboard-folder-annotation",
      defaultValue = "grafana_folder",
      paramLabel = "NAME",
      description =
          "The annotation the sidecar reads a dashboard's folder from: grafana_folder (the"
              + " default) where the Grafana chart sets sidecar.dashboards.folderAnnotation to it;"
              + " k8s-sidecar-target-directory is the sidecar's own.")
  String dashboardFolderAnnotation;

  @Option(
      names = "--grafana-instance-label",
      paramLabel = "NAME=VALUE",
      description =
          "A label of the Grafana instances GrafanaDashboards are for, their instanceSelector"
              + " (repeatable; default dashboards=grafana).")
  Map<String, String> grafanaInstanceLabels = new java.util.LinkedHashMap<>();

  @Option(
      names = "--generator-image",
      paramLabel = "IMAGE",
      description = "Default image of the generator (default ${DEFAULT-VALUE}).")
  String generatorImage = OperatorConfig.DEFAULT.generatorImage();

  @Option(
      names = "--remote-write",
      paramLabel = "URL",
      defaultValue = OperatorConfig.DEFAULT_REMOTE_WRITE_URL,
      description =
          "Where Backfills and MetricGenerator histories without a target of their own write"
              + " (default: kube-prometheus-stack's Prometheus,%n"
              + OperatorConfig.DEFAULT_REMOTE_WRITE_URL
              + ")")
  java.net.URI remoteWrite;

  @Option(
      names = "--pushgateway-image",
      paramLabel = "IMAGE",
      description = "Default image of managed Pushgateways (default ${DEFAULT-VALUE}).")
  String pushgatewayImage = OperatorConfig.DEFAULT.pushgatewayImage();

  @Option(
      names = "--leader-election",
      description =
          "Elect one replica to reconcile, through the Lease metricgen-operator (for more than one"
              + " replica; the others take over when it stops).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NS",
      description = "Where the Lease is (default: the namespace the operator runs in).")
  String leaderElectionNamespace;

  @Option(
      names = "--prometheus-url",
      paramLabel = "URL",
      description =
          "A Prometheus to check MetricGenerators' dashboards in: each gets the count of panels"
              + " with data in its status and a DashboardsHaveData condition (off by default;"
              + " kube-prometheus-stack's is%nhttp://prometheus-operated.monitoring.svc:9090)")
  java.net.URI prometheusUrl;

  @Option(
      names = "--check-dashboards-in-scenario",
      description =
          "Without a Prometheus: check MetricGenerators' dashboards against their own scenario,"
              + " evaluated in process as Prometheus would (status and DashboardsHaveData as with"
              + " --prometheus-url, before anything has been scraped).")
  boolean checkDashboardsInScenario;

  @Option(
      names = "--dashboard-check-interval",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How often the panels are checked again (default ${DEFAULT-VALUE}).")
  String dashboardCheckInterval;

  @Option(
      names = "--resync-interval",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "How often a MetricGenerator at rest is looked at again: its scrape job put back in a"
              + " Secret someone rewrote, a dashboard's ConfigMap read again (default"
              + " ${DEFAULT-VALUE}).")
  String resyncInterval;

  /** Counted down to stop (a test's way; a signal does it through the shutdown hook). */
  final CountDownLatch stop = new CountDownLatch(1);

  /** The port health and metrics are served on, once serving. */
  volatile int port;

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = ListenAddress.parse(listen, "--listen", spec);
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.autoConfigure(null);
    // The options first: bad input is said before any cluster is asked.
    MetricgenOperator.Settings settings = settings();
    reachable(config);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      if (leaderElection) {
        String namespace =
            leaderElectionNamespace != null ? leaderElectionNamespace : client.getNamespace();
        if (namespace == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--leader-election: give --leader-election-namespace (no namespace to run in is"
                  + " known outside a pod)");
        }
        // A pod's name, as Kubernetes sets HOSTNAME: unique among the replicas.
        String identity =
            Optional.ofNullable(System.getenv("HOSTNAME"))
                .orElse(java.util.UUID.randomUUID().toString());
        settings =
            settings.withLeaderElection(MetricgenOperator.LeaderElection.in(namespace, identity));
      }
      return run(client, settings, address);
    }
  }

  /**
   * Asks the API server for its version, once, within seconds: without a cluster the controller
   * would retry for half a minute and print pages of stack traces; this says in one sentence which
   * configuration it read and which server it could not reach.
   */
  static void reachable(io.fabric8.kubernetes.client.Config config) {
    io.fabric8.kubernetes.client.Config probe =
        new io.fabric8.kubernetes.client.ConfigBuilder(config)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(5_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(probe).build()) {
      client.getKubernetesVersion();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new DeliveryException(
          "cannot reach the Kubernetes API server at "
              + config.getMasterUrl()
              + " ("
              + configSource()
              + "): "
              + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
              + ". Run the operator in a pod, or where a kubeconfig (KUBECONFIG, or"
              + " ~/.kube/config) names a cluster you can reach",
          e);
    }
  }

  /** Where the client configuration came from, as fabric8 looks for it. */
  private static String configSource() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      return "the in-cluster configuration of this pod";
    }
    String kubeconfig =
        io.fabric8.kubernetes.client.utils.Utils.getSystemPropertyOrEnvVar(
            io.fabric8.kubernetes.client.Config.KUBERNETES_KUBECONFIG_FILE);
    java.nio.file.Path file =
        kubeconfig != null && !kubeconfig.isEmpty()
            ? java.nio.file.Path.of(kubeconfig.split(java.io.File.pathSeparator)[0])
            : java.nio.file.Path.of(System.getProperty("user.home"), ".kube", "config");
    return java.nio.file.Files.isRegularFile(file)
        ? "from the kubeconfig " + file
        : "no kubeconfig at " + file + " and not in a pod, so fabric8's default";
  }

  /** The controller's settings from the options. */
  MetricgenOperator.Settings settings() {
    MetricgenOperator.Settings settings =
        new MetricgenOperator.Settings(
            config(),
            new LinkedHashSet<>(namespaces),
            Clock.systemUTC(),
            Duration.ofMinutes(1),
            new PrometheusRegistry());
    settings =
        settings.withResync(TimeRange.positiveDuration(spec, "--resync-interval", resyncInterval));
    Duration every =
        TimeRange.positiveDuration(spec, "--dashboard-check-interval", dashboardCheckInterval);
    if (prometheusUrl != null && checkDashboardsInScenario) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--check-dashboards-in-scenario is for an operator without --prometheus-url");
    }
    if (prometheusUrl != null) {
      java.net.URI url = Arguments.endpoint(spec, "--prometheus-url", prometheusUrl, false);
      settings = settings.withDataCheck(new DashboardDataCheck(url, every));
    } else if (checkDashboardsInScenario) {
      settings = settings.withDataCheck(DashboardDataCheck.againstScenarios(every));
    }
    return settings;
  }

  /** Runs the controller on {@code client} until {@link #stop} or a shutdown signal. */
  int run(KubernetesClient client, MetricgenOperator.Settings settings, InetSocketAddress address)
      throws Exception {
    MetricgenOperator operator = MetricgenOperator.create(client, settings);
    try (MetricsServer server =
        MetricsServer.start(
            settings.registry()::scrape,
            Map.of("/healthz", operator::live, "/readyz", operator::ready),
            address)) {
      Thread hook = new Thread(stop::countDown);
      Runtime.getRuntime().addShutdownHook(hook);
      operator.start();
      port = server.port();
      System.err.printf(
          "operator watching %s; health and metrics on http://%s:%d/%n",
          settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
          address.getHostString(),
          server.port());
      stop.await();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Stopped by a signal: the hook is running.
      }
    } finally {
      operator.close();
    }
    return 0;
  }

  private OperatorConfig config() {
    int slash = scrapeSecret.indexOf('/');
    if (slash <= 0 || slash == scrapeSecret.length() - 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--scrape-secret: expected NAMESPACE/NAME like monitoring/additional-scrape-configs, got "
              + scrapeSecret);
    }
    OperatorConfig config =
        new OperatorConfig(
            scrapeSecret.substring(0, slash),
            scrapeSecret.substring(slash + 1),
            scrapeSecretKey,
            grafanaNamespace,
            generatorImage,
            pushgatewayImage,
            Arguments.endpoint(spec, "--remote-write", remoteWrite, false).toString());
    return scrape
        .applyTo(config, spec)
        .withDashboards(
            new OperatorConfig.Dashboards(
                dashboardMode,
                dashboardLabels.isEmpty()
                    ? OperatorConfig.Dashboards.SIDECAR.sidecarLabels()
                    : Arguments.kubernetesLabels(spec, "--dashboard-label", dashboardLabels),
                dashboardFolderAnnotation,
                grafanaInstanceLabels.isEmpty()
                    ? OperatorConfig.Dashboards.SIDECAR.instanceSelector()
                    : Arguments.kubernetesLabels(
                        spec, "--grafana-instance-label", grafanaInstanceLabels)));
  }
}
