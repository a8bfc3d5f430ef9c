package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every object a MetricGenerator yields, as a plain function of it. */
public final class DesiredState {

  private DesiredState() {}

  /**
   * The objects for {@code mg}, in the order they are applied.
   *
   * @param configMapDashboards the JSON of dashboards given by ConfigMap reference (null when it
   *     can't be had, as with no cluster: those dashboards are left out)
   * @param existingScrapeConfigs the scrape Secret's current content (null or empty for none)
   */
  public static List<HasMetadata> of(
      MetricGenerator mg,
      OperatorConfig config,
      Function<MetricGeneratorSpec.ConfigMapKeyRef, String> configMapDashboards,
      String existingScrapeConfigs)
      throws ScrapeConfig.UnparsableException {
    List<HasMetadata> out = new ArrayList<>();
    if (PushgatewayObjects.managed(mg)) {
      out.add(PushgatewayObjects.deployment(mg, config));
      out.add(PushgatewayObjects.service(mg));
    }
    out.add(GeneratorObjects.scenario(mg, EffectiveScenario.of(mg, configMapDashboards)));
    out.add(GeneratorObjects.workload(mg, config));
    for (MetricGeneratorSpec.DashboardSpec d : mg.getSpec().dashboards) {
      String json = d.json != null ? d.json : configMapDashboards.apply(d.configMapRef);
      if (json != null) {
        out.add(
            config.dashboards().mode() == OperatorConfig.DashboardMode.sidecar
                ? DashboardObjects.configMap(mg, d, json, config)
                : DashboardObjects.grafanaDashboard(mg, d, json, config));
      }
    }
    if (PushgatewayObjects.managed(mg) && config.scrapeMode() == OperatorConfig.ScrapeMode.secret) {
      out.add(scrapeSecret(mg, config, existingScrapeConfigs));
    }
    ScrapeObjects.of(mg, config).ifPresent(out::add);
    if (mg.getSpec().history != null && mg.getStatus() != null && mg.getStatus().epoch != null) {
      out.add(
          History.backfill(mg, java.time.OffsetDateTime.parse(mg.getStatus().epoch).toInstant()));
    }
    return out;
  }

  /** The scrape Secret with the resource's job in it. */
  public static Secret scrapeSecret(MetricGenerator mg, OperatorConfig config, String existing)
      throws ScrapeConfig.UnparsableException {
    ScrapeConfig.SecretKey at = ScrapeConfig.secretKey(mg, config);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(at.name())
        .withNamespace(at.namespace())
        .endMetadata()
        .withStringData(Map.of(at.key(), ScrapeConfig.withJob(existing, ScrapeConfig.job(mg))))
        .build();
  }
}
