package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import org.junit.jupiter.api.Test;

/** The scenario a MetricGenerator runs when it comes from its dashboards. */
class EffectiveScenarioTest {

  private static MetricGenerator fromDashboards() {
    return DesiredStateTest.example("metricgenerator-from-dashboards.yaml");
  }

  @Test
  void theSameDashboardsGiveTheSameScenarioEachAskerItsOwnCopy() {
    JsonNode first = EffectiveScenario.of(fromDashboards(), ref -> null);
    JsonNode expected = first.deepCopy();
    ((ObjectNode) first).put("interval", "1m");
    JsonNode second = EffectiveScenario.of(fromDashboards(), ref -> null);
    assertThat(second).isEqualTo(expected);
    assertThat(second.path("metrics").size()).isEqualTo(3);
  }

  @Test
  void dashboardsInConfigMapsThatCantBeHadAreEachNamed() {
    MetricGenerator mg = fromDashboards();
    MetricGeneratorSpec.DashboardSpec inMap = new MetricGeneratorSpec.DashboardSpec();
    inMap.name = "other";
    inMap.configMapRef = new MetricGeneratorSpec.ConfigMapKeyRef();
    inMap.configMapRef.name = "dashboards";
    inMap.configMapRef.key = "other.json";
    mg.getSpec().dashboards.add(inMap);
    mg.getSpec().dashboards.get(0).json = "{\"title\": \"no panels\"}";
    assertThatThrownBy(() -> EffectiveScenario.of(mg, ref -> null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.dashboards[0]:1: no panels")
        .hasMessageContaining("spec.dashboards[1]: configMapRef: its JSON can't be read here");
  }
}
