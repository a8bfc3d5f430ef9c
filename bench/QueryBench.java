// In-process timing of metricgen's PromQL evaluator (warm JVM: the library use, as an alert solver
// evaluating many times): each query over 1,000 series x 1 day at 15 s, best of 5 after 2 warm-up
// runs, from producing the samples to the JSON document. Run by bench/promql-query.sh:
//   java -cp cli/target/metricgen.jar bench/QueryBench.java SCENARIO START_SECONDS QUERY...
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.ResultJson;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

public class QueryBench {
  public static void main(String[] args) throws Exception {
    var scenario = ScenarioLoader.load(Path.of(args[0]), null);
    long start = Long.parseLong(args[1]) * 1000;
    long end = start + 86_400_000L;
    QueryEngine engine =
        QueryEngine.builder(new ScenarioStorage(scenario, start, end, Map.of())).build();
    for (int q = 2; q < args.length; q++) {
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 7; run++) {
        long t0 = System.nanoTime();
        var result = engine.range(args[q], start, end, 15_000);
        ResultJson.write(result, Writer.nullWriter());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (run >= 2) {
          best = Math.min(best, seconds);
        }
      }
      System.out.printf("%.2f%n", best);
    }
  }
}
