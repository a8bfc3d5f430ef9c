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
 * A scenario's history, written over remote write by an Indexed Job whose pods split the series and
 * resume from checkpoints. The data stays when the resource and its Job go.
 */
@Group(MetricGenerator.GROUP)
@Version(MetricGenerator.VERSION)
@ShortNames("bf")
@SchemaSwap(originalType = MetricSpec.class, fieldName = "value", targetType = AnyType.class)
@SchemaSwap(originalType = MetricSpec.class, fieldName = "rate", targetType = AnyType.class)
@SchemaSwap(originalType = MetricSpec.class, fieldName = "labels", targetType = AnyType.class)
@SchemaSwap(originalType = Distribution.class, fieldName = "scale", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "value", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "rate", targetType = AnyType.class)
@SchemaSwap(originalType = SeriesOverride.class, fieldName = "scale", targetType = AnyType.class)
@AdditionalPrinterColumn(
    name = "Phase",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Progress",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.progress")
@AdditionalPrinterColumn(
    name = "Left",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.estimatedTimeLeft",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class Backfill extends CustomResource<BackfillSpec, BackfillStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;
}
