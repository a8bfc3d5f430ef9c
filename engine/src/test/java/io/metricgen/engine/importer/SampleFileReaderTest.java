package io.metricgen.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleFileReaderTest {

  static final long NOW = 1_800_000_000_000L;

  @Test
  void readsCsvWithCommentsHeaderQuotesEscapesAndEmptyTimestamps() {
    var r =
        SampleFileReader.csv(
            "in.csv",
            "# exported by hand\n"
                + "metric_name,labels,value,timestamp_ms\n"
                + "\n"
                + "jobs_total,job_type=email;status=success,42,1799999990000\n"
                + "temp,\"room=a,b;note=x\\;y\",-1.5e2,\n"
                + "up,,+Inf,1799999000000\n",
            NOW);
    assertThat(r.problems()).isEmpty();
    assertThat(r.samples()).hasSize(3);
    ImportSample jobs = r.samples().get(0);
    assertThat(jobs.seriesId()).isEqualTo("jobs_total{job_type=email, status=success}");
    assertThat(jobs.value()).isEqualTo(42);
    assertThat(jobs.timestampMillis()).isEqualTo(1_799_999_990_000L);
    assertThat(jobs.line()).isEqualTo(4);
    assertThat(r.samples().get(1).labels()).isEqualTo(Map.of("room", "a,b", "note", "x;y"));
    assertThat(r.samples().get(1).value()).isEqualTo(-150);
    assertThat(r.samples().get(1).timestampMillis()).isEqualTo(NOW);
    assertThat(r.samples().get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void reportsEveryBadCsvLineWithItsNumberAndReason() {
    var r =
        SampleFileReader.csv(
            "bad.csv",
            "ok,a=1,1,1799999990000\n"
                + "short,a=1,1\n"
                + "labels,a=1;b,1,1799999990000\n"
                + "value,a=1,twelve,1799999990000\n"
                + "1nvalid-name,a=1,1,1799999990000\n"
                + "ts,a=1,1,yesterday\n"
                + "future,,1,1800000400000\n"
                + "ok,a=1,2,1799999990000\n"
                + "bad_label,__x=1,1,\n"
                + "quote,\"a=1,1,\n",
            NOW);
    assertThat(r.problems().stream().map(Problem::toString))
        .containsExactly(
            "bad.csv:2: expected 4 columns (metric_name,labels,value,timestamp_ms), got 3",
            "bad.csv:3: labels \"a=1;b\" are not name=value pairs separated by ;, like"
                + " job_type=email;status=success",
            "bad.csv:4: value \"twelve\" is not a number",
            "bad.csv:5: \"1nvalid-name\" is not a valid metric name; expected"
                + " [a-zA-Z_:][a-zA-Z0-9_:]*",
            "bad.csv:6: timestamp_ms \"yesterday\" is not whole milliseconds since the epoch",
            "bad.csv:7: timestamp_ms 1800000400000 is more than 5 minutes in the future",
            "bad.csv:8: a second sample of ok{a=1} at 1799999990000 (the first is on line 1)",
            "bad.csv:9: \"__x\" is not a valid label name; expected [a-zA-Z_][a-zA-Z0-9_]* not"
                + " starting with __",
            "bad.csv:10: a quoted field opened on line 10 is not closed (unbalanced double"
                + " quotes); a quote inside one is written \"\"");
    assertThat(r.samples()).hasSize(1);
  }

  @Test
  void readsJsonAndReportsBadItemsByLine() {
    var r =
        SampleFileReader.json(
            "in.json",
            "[\n"
                + "  {\"metric\": \"a\", \"labels\": {\"k\": \"v\"}, \"value\": 1.5,"
                + " \"timestamp_ms\": 1799999990000},\n"
                + "  {\"metric\": \"b\", \"value\": \"NaN\"},\n"
                + "  {\"metric\": \"c\", \"value\": true},\n"
                + "  {\"metric\": \"d\", \"labels\": {\"k\": 1}, \"value\": 1},\n"
                + "  {\"metric\": \"e\", \"value\": 1, \"when\": 5},\n"
                + "  {\"metric\": \"f\", \"value\": 1, \"timestamp_ms\": 1.5}\n"
                + "]\n",
            NOW);
    assertThat(r.problems().stream().map(Problem::toString))
        .containsExactly(
            "in.json:4: value is required: a number",
            "in.json:5: label k must be a string",
            "in.json:6: unknown field \"when\"; expected metric, labels, value, timestamp_ms",
            "in.json:7: timestamp_ms must be whole milliseconds since the epoch, got 1.5");
    assertThat(r.samples()).extracting(ImportSample::name).containsExactly("a", "b");
    assertThat(r.samples().get(1).value()).isNaN();
    assertThat(r.samples().get(1).timestampMillis()).isEqualTo(NOW);
  }

  @Test
  void malformedJsonNamesItsLine() {
    var r = SampleFileReader.json("x.json", "[\n  {\"metric\": \"a\",\n  \"value\" 1}\n]", NOW);
    assertThat(r.problems()).hasSize(1);
    assertThat(r.problems().get(0).toString())
        .startsWith("x.json:3: malformed JSON: Unexpected character");
  }

  @Test
  void autoSendsRecentSamplesToThePushgatewayAndOlderOnesToRemoteWrite() {
    var r =
        SampleFileReader.csv(
            "in.csv",
            "a,,1,1799999760000\n" // 4 minutes old
                + "a,,2,1799999700000\n" // exactly 5 minutes old
                + "b,,3,\n",
            NOW);
    var plan = Importer.route(r.samples(), Importer.Mode.AUTO, NOW);
    assertThat(plan.realtime()).extracting(ImportSample::value).containsExactly(1.0, 3.0);
    assertThat(plan.historic()).extracting(ImportSample::value).containsExactly(2.0);
    assertThat(Importer.route(r.samples(), Importer.Mode.REALTIME, NOW).historic()).isEmpty();
    assertThat(Importer.route(r.samples(), Importer.Mode.HISTORIC, NOW).realtime()).isEmpty();
  }

  @Test
  void thePushBodyHoldsTheNewestSampleOfEachSeries() {
    var r =
        SampleFileReader.csv(
            "in.csv",
            // The label value is "q\ : CSV doubles the quote, the labels escape the backslash.
            "x_total,\"k=\"\"q\\\\\",1,1799999990000\n"
                + "x_total,\"k=\"\"q\\\\\",5,1799999995000\n"
                + "x_total,k=o,7,\n",
            NOW);
    assertThat(r.problems()).isEmpty();
    var groups = Importer.pushGroups(r.samples(), "metricgen-import");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).series()).isEqualTo(2);
    assertThat(new String(groups.get(0).body()))
        .isEqualTo("x_total{k=\"\\\"q\\\\\"} 5.0\nx_total{k=\"o\"} 7.0\n");
  }

  @Test
  void quotedFieldsFollowRfc4180AndKeepTheirSpaces() {
    // The reproducer: a line break inside a quoted field, a comma inside one, spaces around an
    // unquoted value and inside a quoted one, CRLF line ends.
    var r =
        SampleFileReader.csv(
            "t1.csv",
            "metric_name,labels,value,timestamp_ms\r\n"
                + "imp_a,\"k=a,b;j=x\",1,1796169600000\r\n"
                + "imp_b,\"k=line1\r\nline2\",2,1796169600000\r\n"
                + "imp_c,k= spaced ,3,1796169600000\r\n"
                + "imp_d,\"k= spaced \",4,1796169600000\r\n"
                + "imp_e, \"k=say \"\"hi\"\"\" ,5,1796169600000\r\n"
                + "imp_f,\"k=v\"x,6,1796169600000\r\n"
                + "imp_g,k=v,7,1796169600000\r\n",
            NOW);
    assertThat(r.problems().stream().map(Problem::toString))
        .containsExactly(
            "t1.csv:8: text after a quoted field's closing quote; a quote inside a quoted field is"
                + " written \"\"");
    assertThat(r.samples())
        .extracting(s -> s.name() + " " + s.labels() + " line " + s.line())
        .containsExactly(
            "imp_a {j=x, k=a,b} line 2",
            "imp_b {k=line1\r\nline2} line 3",
            "imp_c {k=spaced} line 5",
            "imp_d {k= spaced } line 6",
            "imp_e {k=say \"hi\"} line 7",
            "imp_g {k=v} line 9");
  }

  @Test
  void timestampsInSecondsAreNamedAsSuchOrReadWithTheUnit() {
    var r =
        SampleFileReader.csv("t3.csv", "imp_e,k=s,5,1796169600\nimp_e,k=m,7,1796169600000\n", NOW);
    assertThat(r.problems().stream().map(Problem::toString))
        .containsExactly(
            "t3.csv:1: timestamp_ms 1796169600 looks like seconds (2026-12-02T00:00:00Z as"
                + " seconds, 1970-01-21T18:56:09.600Z as milliseconds): give milliseconds, or"
                + " --timestamp-unit s for a file in seconds");
    var s =
        SampleFileReader.csv(
            "t3.csv", "imp_e,k=s,5,1796169600.25\n", NOW, SampleFileReader.TimestampUnit.SECONDS);
    assertThat(s.problems()).isEmpty();
    assertThat(s.samples().get(0).timestampMillis()).isEqualTo(1796169600250L);
    var j =
        SampleFileReader.json(
            "t3.json", "[{\"metric\": \"a\", \"value\": 1, \"timestamp_ms\": 1796169600}]", NOW);
    assertThat(j.problems().get(0).toString()).contains("looks like seconds");
  }
}
