package io.metricgen.engine.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.promql.Expr;
import io.metricgen.testing.PrometheusServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The math PromQL shows, bit for bit as Prometheus 2.42 (Go 1.19 on amd64) computes it: each
 * function of many arguments, small and large, asked of a real Prometheus as {@code f(vector(x))}.
 */
class GoMathTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final Map<String, DoubleUnaryOperator> FUNCTIONS =
      Map.ofEntries(
          Map.entry("exp", GoMath::exp),
          Map.entry("ln", GoMath::log),
          Map.entry("log2", GoMath::log2),
          Map.entry("log10", GoMath::log10),
          Map.entry("sin", GoMath::sin),
          Map.entry("cos", GoMath::cos),
          Map.entry("tan", GoMath::tan),
          Map.entry("asin", GoMath::asin),
          Map.entry("acos", GoMath::acos),
          Map.entry("atan", GoMath::atan),
          Map.entry("sinh", GoMath::sinh),
          Map.entry("cosh", GoMath::cosh),
          Map.entry("tanh", GoMath::tanh),
          Map.entry("asinh", GoMath::asinh),
          Map.entry("acosh", GoMath::acosh),
          Map.entry("atanh", GoMath::atanh));

  @Test
  void functionsGiveTheBitsGoGives(@TempDir Path dir) throws Exception {
    Random random = new Random(3);
    List<Double> args = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-300, 1e300));
    for (int i = 0; i < 40; i++) {
      args.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(24) - 8));
    }
    List<String> wrong = new ArrayList<>();
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), "global: {}\n")) {
      for (var f : FUNCTIONS.entrySet()) {
        for (double x : args) {
          expect(
              prometheus,
              f.getKey() + "(vector(" + lit(x) + "))",
              f.getValue().applyAsDouble(x),
              wrong);
        }
      }
      for (int i = 0; i < 60; i++) {
        double x = args.get(random.nextInt(args.size()));
        double y =
            random.nextInt(3) == 0 ? random.nextInt(200) - 100 : (random.nextDouble() - 0.5) * 20;
        expect(prometheus, "vector(" + lit(x) + ") ^ " + lit(y), GoMath.pow(x, y), wrong);
        expect(prometheus, "vector(" + lit(x) + ") atan2 " + lit(y), GoMath.atan2(x, y), wrong);
      }
    }
    assertThat(wrong).as("results that differ from Prometheus's in any bit").isEmpty();
  }

  private static String lit(double x) {
    return "(" + Expr.NumberLiteral.format(x) + ")";
  }

  private static void expect(PrometheusServer p, String q, double ours, List<String> wrong)
      throws Exception {
    JsonNode r =
        JSON.readTree(
            p.get("/api/v1/query?time=1000&query=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .body());
    String theirs = r.path("data").path("result").get(0).path("value").get(1).asText();
    String mine = GoFloat.json(ours);
    if (!theirs.equals(mine)) {
      wrong.add(q + ": " + theirs + " vs " + mine);
    }
  }
}
