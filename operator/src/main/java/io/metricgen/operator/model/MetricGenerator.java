package io.metricgen.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.metricgen.engine.model.Distribution;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.SeriesOverride;

/**
 * A scenario turned into live data in the cluster: a Pushgateway, a scrape job, a generator that
 * pushes, and dashboards, all removed when the resource expires or is deleted.
 *
 * <p>Shapes nest (a sum of sequences of shapes), which a structural schema can't express, and
 * labels take a value or a list; so the CRD takes both as free-form values ({@code
 * x-kubernetes-preserve-unknown-fields}), and the operator checks them as the CLI does.
 */
@Group(MetricGenerator.GROUP)
@Version(MetricGenerator.VERSION)
@ShortNames("mg")
@SchemaSwap(originalType = MetricSpec.class, fieldName = "value", targetType = AnyType.class)
@SchemaSwap(originalType = MetricSpec.class, fieldName = "rate", targetType = AnyType.class)
@SchemaSwap(originalType = MetricSpec.class, fieldName = "labels", targetType = AnyType.class)
@SchemaSwap(originalType = Distribution.class, fieldName = "scale", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "value", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "rate", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "scale", targetType = AnyType.class)
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Incident",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Incident\")].reason",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Expires",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".status.expiresAt")
public class MetricGenerator extends CustomResource<MetricGeneratorSpec, MetricGeneratorStatus>
    implements Namespaced {

  public static final String GROUP = "metricgen.io";
  public static final String VERSION = "v1alpha1";

  private static final long serialVersionUID = 1L;
}
