package io.metricgen.cli;

import io.metricgen.operator.desired.OperatorConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How Prometheus learns of each Pushgateway: the operator's setting, and render's to match it. */
final class ScrapeOptions {

  @Option(
      names = "--scrape-mode",
      defaultValue = "secret",
      paramLabel = "MODE",
      description =
          "How Prometheus learns of each Pushgateway: secret (a job in the scrape Secret, for"
              + " managed ones), serviceMonitor (a ServiceMonitor on the managed Pushgateway's"
              + " Service), or scrapeConfig (a ScrapeConfig, managed or external). Default secret.")
  OperatorConfig.ScrapeMode mode;

  @Option(
      names = "--scrape-label",
      paramLabel = "NAME=VALUE",
      description =
          "A label on the ServiceMonitors and ScrapeConfigs, for the Prometheus that selects them,"
              + " like release=kube-prometheus-stack (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  /** {@code config} with this scrape mode and these labels, checked as Kubernetes takes them. */
  OperatorConfig applyTo(OperatorConfig config, CommandSpec spec) {
    return config.withScrape(mode, Arguments.kubernetesLabels(spec, "--scrape-label", labels));
  }
}
