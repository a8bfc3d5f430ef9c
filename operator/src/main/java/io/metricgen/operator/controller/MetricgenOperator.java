package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MetricGenerator and Backfill controllers on a JOSDK {@link Operator}: the one place that
 * wires it, for the {@code operator} command and for the tests alike.
 */
public final class MetricgenOperator implements AutoCloseable {

  /**
   * @param config defaults for resources (scrape Secret, Grafana namespace, images)
   * @param namespaces the namespaces to watch; empty for all
   * @param clock what "now" is, for expiry
   * @param recheck how soon a resource is looked at again when its owner must fix something
   * @param registry where the operator's own metrics go
   * @param leaderElection how replicas elect the one that reconciles; null for one replica
   * @param dataCheck how the dashboards' panels are checked for data; null for not at all
   * @param resync how often a MetricGenerator at rest is looked at again (its scrape job in a
   *     Secret someone may have rewritten, a dashboard's ConfigMap); null for the controller's 10
   *     minutes
   */
  public record Settings(
      OperatorConfig config,
      Set<String> namespaces,
      Clock clock,
      Duration recheck,
      PrometheusRegistry registry,
      LeaderElection leaderElection,
      DashboardDataCheck dataCheck,
      Duration resync) {

    /** One replica, no election. */
    public Settings(
        OperatorConfig config,
        Set<String> namespaces,
        Clock clock,
        Duration recheck,
        PrometheusRegistry registry) {
      this(config, namespaces, clock, recheck, registry, null, null, null);
    }

    public Settings withLeaderElection(LeaderElection election) {
      return new Settings(
          config, namespaces, clock, recheck, registry, election, dataCheck, resync);
    }

    /** With the dashboards' panels checked in a Prometheus. */
    public Settings withDataCheck(DashboardDataCheck check) {
      return new Settings(
          config, namespaces, clock, recheck, registry, leaderElection, check, resync);
    }

    /** With MetricGenerators at rest looked at again this often. */
    public Settings withResync(Duration every) {
      return new Settings(
          config, namespaces, clock, recheck, registry, leaderElection, dataCheck, every);
    }

    public static Settings defaults() {
      return new Settings(
          OperatorConfig.DEFAULT,
          Set.of(),
          Clock.systemUTC(),
          Duration.ofMinutes(1),
          new PrometheusRegistry());
    }
  }

  /**
   * Leader election through a Lease: of the replicas, the holder reconciles; the others keep their
   * caches warm and take over when it stops renewing.
   *
   * @param namespace where the Lease is (the operator's own namespace)
   * @param identity this replica's name in the Lease (its pod's name)
   * @param exitOnStopLeading whether a replica that loses the Lease exits (so that it can't go on
   *     reconciling beside the new leader; off only in tests, which run replicas in one JVM)
   */
  public record LeaderElection(
      String namespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnStopLeading) {

    public static final String LEASE = "metricgen-operator";

    /** JOSDK's timings (15 s lease, 10 s renew deadline, 2 s retries). */
    public static LeaderElection in(String namespace, String identity) {
      return new LeaderElection(
          namespace,
          identity,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
          true);
    }

    LeaderElectionConfiguration configuration() {
      return new LeaderElectionConfiguration(
          LEASE,
          namespace,
          leaseDuration,
          renewDeadline,
          retryPeriod,
          identity,
          null,
          exitOnStopLeading);
    }
  }

  private final Operator operator;
  private final ScrapeSecretWriter scrapeSecrets;

  private MetricgenOperator(Operator operator, ScrapeSecretWriter scrapeSecrets) {
    this.operator = operator;
    this.scrapeSecrets = scrapeSecrets;
  }

  /** An operator with the controllers registered, not yet started. */
  public static MetricgenOperator create(KubernetesClient client, Settings settings) {
    ResourcePhases phases = new ResourcePhases();
    ScrapeSecretWriter scrapeSecrets = new ScrapeSecretWriter(client);
    OperatorMetrics metrics = new OperatorMetrics(settings.registry(), phases);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics)
                  // One write path, the same in the tests and in a cluster: create, and update
                  // with the resourceVersion read (optimistic locking) when JOSDK's matcher finds
                  // the object differs from what is desired, so a resync at rest writes nothing.
                  // Server-side apply can't run against the tests' API server (fabric8's mock
                  // answers apply patches 415), so it would be a path no test takes.
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false);
              if (settings.leaderElection() != null) {
                o.withLeaderElectionConfiguration(settings.leaderElection().configuration());
              }
            });
    operator.register(
        new MetricGeneratorReconciler(
            settings.config(),
            settings.clock(),
            settings.recheck(),
            phases,
            settings.dataCheck(),
            scrapeSecrets,
            settings.resync()),
        o -> watch(o, settings));
    operator.register(
        new BackfillReconciler(settings.config(), settings.clock(), settings.recheck(), phases),
        o -> {
          if (!settings.namespaces().isEmpty()) {
            o.settingNamespaces(settings.namespaces());
          }
        });
    return new MetricgenOperator(operator, scrapeSecrets);
  }

  /**
   * Watches the configured namespaces; the dashboards' informer also watches the Grafana namespace,
   * where they are installed.
   */
  private static void watch(
      ControllerConfigurationOverrider<MetricGenerator> o, Settings settings) {
    if (settings.resync() != null) {
      o.withReconciliationMaxInterval(settings.resync());
    }
    if (settings.namespaces().isEmpty()) {
      return;
    }
    o.settingNamespaces(settings.namespaces());
    String grafana = settings.config().grafanaNamespace();
    if (grafana != null && !settings.namespaces().contains(grafana)) {
      Set<String> dashboards = new TreeSet<>(settings.namespaces());
      dashboards.add(grafana);
      o.replacingNamedDependentResourceConfig(
          DashboardsDependent.NAME,
          new KubernetesDependentResourceConfigBuilder<ConfigMap>()
              .withKubernetesDependentInformerConfig(
                  InformerConfiguration.builder(ConfigMap.class)
                      .withName(DashboardsDependent.NAME)
                      .withNamespaces(dashboards, false)
                      .withLabelSelector(Selectors.DASHBOARD)
                      .build())
              .build());
    }
  }

  public void start() {
    operator.start();
  }

  /** Started, and every informer connected and synced. */
  public boolean ready() {
    RuntimeInfo info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  /** Started and not stopped. */
  public boolean live() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    operator.stop();
    scrapeSecrets.close();
  }
}
