package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert labels and annotations rendered by metricgen, proven by the real promtool: test-rules
 * writes what it renders into {@code exp_labels} and {@code exp_annotations}, and promtool, which
 * renders them with Prometheus's own template engine, passes only if every character agrees.
 */
class AlertTemplatesPromtoolTest {

  private static final String SCENARIO =
      """
      interval: 15s
      metrics:
        - name: disk_used_bytes
          type: gauge
          labels: {instance: "host-1:9100", mount: /data}
          value:
            sequence:
              - {for: 20m, value: 1000}
              - {for: 10m, value: 1234567.5}
              - {value: 1000}
        - name: tiny_ratio
          type: gauge
          labels: {instance: "[::1]:9100"}
          value: 0.000123456
        - name: uptime_seconds
          type: gauge
          labels: {instance: "host-1:9100"}
          value: 93784.5
        - name: requests_total
          type: counter
          labels: {code: ["200", "500"]}
          rate: 3
      expect:
        - 'DiskFull firing 22m..29m {instance="host-1:9100", mount="/data", severity="page", host="host-1"}'
        - 'ManyRequests firing 22m..29m {}'
      """;

  // Each annotation exercises something else of Go's templates and Prometheus's functions.
  private static final String RULES =
      """
      groups:
        - name: disks
          rules:
            - record: code:requests:rate5m
              expr: sum by (code) (rate(requests_total[5m]))
              labels: {team: web}
            - alert: DiskFull
              expr: disk_used_bytes > 100000
              for: 2m
              labels:
                severity: page
                host: '{{ $labels.instance | reReplaceAll ":.*" "" }}'
                empty: '{{ if false }}x{{ end }}'
              annotations:
                value: 'v={{ $value }} {{ .Value }}'
                humanize: '{{ humanize $value }} {{ humanize1024 $value }} {{ humanize 0.000123 }} {{ humanize 0 }}'
                duration: >-
                  {{ humanizeDuration 93784.5 }} {{ humanizeDuration 0.0123 }} {{ humanizeDuration 59.99 }}
                  {{ with query "uptime_seconds" }}{{ . | first | value | humanizeDuration }}{{ end }}
                percentage: '{{ humanizePercentage 0.123456 }} {{ with query "tiny_ratio" }}{{ . | first | value | humanizePercentage }}{{ end }}'
                printf: '{{ printf "%.2f|%8.3f|%-6d|%05.1f|%e|%g|%v|%s|%q|%x" $value 3.14159 42 2.5 $value 1e21 $value "s" "q\\"" 255 }}'
                mismatch: '{{ printf "%d %s" $value 3 }}{{ printf "%d" }}{{ printf "x" 1 }}'
                labels: '{{ $labels }} {{ .Labels.mount }} [{{ $labels.nothere }}] {{ len $labels }}'
                range: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}{{ range $i, $e := args "a" 1 }}{{ $i }}:{{ $e }} {{ end }}'
                control: >-
                  {{ if gt $value 1e6 }}big{{ else if gt $value 1e3 }}mid{{ else }}small{{ end }}
                  {{- if and (eq $labels.mount "/data" "/x") (not (eq 1 2)) }} and{{ end }}
                  {{- or "" "first" "second" }} {{ and 1 0 2 }}
                strings: >-
                  {{ title "hello world-wide" }} {{ toUpper "abc" }} {{ toLower "ÀB" }}
                  {{ stripPort $labels.instance }} {{ stripPort "[::1]:9100" }} {{ stripPort "::1" }}
                  {{ match "^host-[0-9]$" "host-1" }} {{ reReplaceAll "(h)(o)" "$2${1}x$1z" "hoho" }}
                escapes: '{{ html "<a href=\\"x\\">&</a>" }} {{ js "it''s <b>" }} {{ urlquery "a b&c/d" }} {{ graphLink "up == 0" }}'
                misc: >-
                  {{ index $labels "mount" }} {{ slice "abcdef" 1 3 }} {{ print 1 2 "a" "b" 3.5 }}
                  {{ println "x" 1 }}{{ parseDuration "1h30m" }} {{ humanizeTimestamp 1435065584.128 }}
                  {{ $x := 1 }}{{ $x = 2 }}{{ $x }} {{ 1e6 }} {{ 0.1 }} {{ 100000.0 }} {{ 0x1F }}
                trim: "a  {{- /* a comment */ -}}  b {{- 3 -}} c {{ `raw\\n` }}"
                query: >-
                  {{ range query "requests_total{code='500'}" }}{{ .Labels.code }}{{ end }}|
                  {{ with query "count(requests_total)" }}{{ . | first | value }}{{ end }}|
                  {{ with query "nothing_here" }}yes{{ else }}no data{{ end }}
                defines: '{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" $labels.mount }}{{ block "b" 2 }}<{{ . }}>{{ end }}'
            # Its annotation reads what a rule records, which promtool has and metricgen's
            # evaluator does not: its labels are checked, not its annotations.
            - alert: ManyRequests
              expr: max(disk_used_bytes) > 100000
              for: 2m
              annotations:
                summary: '{{ with query "sum(code:requests:rate5m)" }}{{ . | first | value }}{{ end }}'
      """;

  /** test-rules over the scenario and rules given, writing the test file to dir/t.yaml. */
  private static CliRun testRules(Path dir, String scenarioText, String rulesText)
      throws java.io.IOException {
    Path scenario = dir.resolve("s.yaml");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(scenario, scenarioText);
    Files.writeString(rules, rulesText);
    return CliRun.of(
        "test-rules",
        "-f",
        scenario.toString(),
        "--rules",
        rules.toString(),
        "-o",
        dir.resolve("t.yaml").toString());
  }

  @Test
  void promtoolRendersEveryLabelAndAnnotationAsMetricgenDoes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.yaml");
    CliRun run = testRules(dir, SCENARIO, RULES);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("(1 alerts checked with labels and annotations, 1 with labels only)")
        .contains("1 recording rules checked (")
        .contains("promtool test rules: passed");
    assertThat(run.err())
        .contains("alert ManyRequests: its labels are checked, not its annotations");
    String test = Files.readString(out);
    // What metricgen rendered, and promtool agreed to, character by character.
    assertThat(test)
        .contains("alert_rule_test:")
        .contains("'host': \"host-1\"")
        .doesNotContain("'empty':")
        .contains("'value': \"v=1.2345675e+06 1.2345675e+06\"")
        .contains("'humanize': \"1.235M 1.177Mi 123u 0\"")
        .contains("'duration': \"1d 2h 3m 4s 12.3ms 59.99s 1d 2h 3m 4s\"")
        .contains("'percentage': \"12.35% 0.01235%\"")
        .contains(
            "'mismatch': \"%!d(float64=1.2345675e+06) %!s(int=3)%!d(MISSING)x%!(EXTRA int=1)\"")
        .contains("'labels': \"map[__name__:disk_used_bytes instance:host-1:9100 mount:/data]")
        .contains("'control': \"big andfirst 0\"")
        .contains("'query': \"500| 2| no data\"")
        .contains("'trim': \"ab3c raw\\n\"")
        .contains(
            "'misc': \"/data bc 1 2ab3.5 x 1\\n5400 2015-06-23 13:19:44.128 +0000 UTC 2 1e+06 0.1"
                + " 100000 31\"")
        .contains("'ALERTS{alertname=\"ManyRequests\", alertstate=\"firing\"}'")
        // The recording rule: how many series it records, and each one's value.
        .contains("expr: 'count(code:requests:rate5m)'")
        .contains("abs(code:requests:rate5m{code=\"200\", team=\"web\"} - (3)) <= bool");
  }

  @Test
  void wrongLabelsFailInPromtool(@TempDir Path dir) throws Exception {
    CliRun run =
        testRules(dir, SCENARIO.replace("severity=\"page\"", "severity=\"ticket\""), RULES);
    assertThat(run.exit()).isEqualTo(Main.CHECK_FAILED);
    assertThat(run.out())
        .contains("alertname: DiskFull, time: 22m")
        .contains("severity=\"ticket\"")
        .contains("severity=\"page\"");
  }

  @Test
  void aTemplateThatFailsAsItRunsFailsTheTest(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(scenario, SCENARIO);
    // gt of a float64 and an int: Go's templates refuse to compare them.
    Files.writeString(rules, RULES.replace("{{ if gt $value 1e6 }}", "{{ if gt $value 1000000 }}"));
    CliRun run =
        CliRun.of(
            "test-rules",
            "-f",
            scenario.toString(),
            "--rules",
            rules.toString(),
            "-o",
            dir.resolve("t.yaml").toString());
    assertThat(run.exit()).isEqualTo(Main.CHECK_FAILED);
    assertThat(run.err())
        .contains(
            "annotations.control: line 1, column 1: error calling gt: incompatible types for comparison");
    assertThat(run.out()).contains("<error expanding template:");
  }

  @Test
  void aTemplateThatDoesNotParseIsBadInputNamingItsPlace(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(scenario, SCENARIO);
    Files.writeString(rules, RULES.replace("{{ humanize $value }}", "{{ humanise $value }}"));
    CliRun run = CliRun.of("test-rules", "-f", scenario.toString(), "--rules", rules.toString());
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .containsPattern(
            "rules.yaml:\\d+: groups\\[0\\]\\.rules\\[1\\]: annotations.humanize: line 1, column 4:"
                + " function \"humanise\" not defined");
  }
}
