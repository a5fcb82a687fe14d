package org.perfsim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      perfsim_hosts_up                                                                  | perfsim_hosts_up
      sum by (host) (perfsim_guests{state="running"})                                   | perfsim_guests
      histogram_quantile(0.95, sum by (le) (rate(perfsim_session_duration_seconds_bucket[$__rate_interval]))) | perfsim_session_duration_seconds_bucket
      sum(rate(grpc_server_processing_duration_seconds_sum[5m])) / sum(rate(grpc_server_processing_duration_seconds_count[5m])) | grpc_server_processing_duration_seconds_sum grpc_server_processing_duration_seconds_count
      max by (instance) (process_cpu_usage) * on (instance) group_left (process_pid) jvm_threads_live_threads | process_cpu_usage jvm_threads_live_threads
      {__name__="perfsim_hosts_up", job="x"}                                            | perfsim_hosts_up
      perfsim_guest_panics_total offset 5m > 1e3                                        | perfsim_guest_panics_total
      rate(perfsim_pebs_records_total{host=~"${host}", context!="guest"}[1m:10s])       | perfsim_pebs_records_total
      """)
  void findsTheMetricNamesAnExpressionSelects(String expr, String expected) {
    assertEquals(Set.of(expected.split(" ")), PromQlMetricNames.of(expr));
  }

  @Test
  void labelNamesAndLabelValuesWithAPerfsimPrefixAreNotMetricNames() {
    String expr = "sum by (process_group, jvm_id) (perfsim_guests{grpc_label=\"perfsim_not_a_metric\"})"
        + " without (perfsim_host)";
    assertEquals(Set.of("perfsim_guests"), PromQlMetricNames.of(expr));
  }

  @Test
  void functionsAggregationsAndOtherFamiliesAreIgnored() {
    assertEquals(Set.of(), PromQlMetricNames.of("sum(rate(node_cpu_seconds_total[1m])) and up == 1"));
    assertEquals(Set.of(), PromQlMetricNames.of("perfsim_made_up_function(up)"));
  }

  @Test
  void onlyAnEqualityMatcherOnTheMetricNameNamesAMetric() {
    assertEquals(Set.of("perfsim_hosts_up"), PromQlMetricNames.of("{__name__ = \"perfsim_hosts_up\"}"));
    assertEquals(Set.of(), PromQlMetricNames.of("{__name__=~\"perfsim_.*\"}"));
    assertEquals(Set.of(), PromQlMetricNames.of("{__name__!=\"perfsim_hosts_up\", job=\"perfsim\"}"));
  }

  @Test
  void namesComeOutInOrderOfAppearance() {
    assertEquals(List.of("perfsim_sessions_finished_total", "perfsim_sessions_started_total"),
        List.copyOf(PromQlMetricNames.of(
            "rate(perfsim_sessions_finished_total[1m]) / rate(perfsim_sessions_started_total[1m])")));
  }

  @Test
  void unterminatedPartsAreErrorsThatSayWhere() {
    var string = assertThrows(IllegalArgumentException.class,
        () -> PromQlMetricNames.of("perfsim_guests{state=\"running}"));
    assertTrue(string.getMessage().contains("unterminated string at position 21"), string.getMessage());
    var range = assertThrows(IllegalArgumentException.class,
        () -> PromQlMetricNames.of("rate(perfsim_guests[5m)"));
    assertTrue(range.getMessage().contains("'[' without ']' at position 19"), range.getMessage());
    var brace = assertThrows(IllegalArgumentException.class, () -> PromQlMetricNames.of("perfsim_guests{"));
    assertTrue(brace.getMessage().contains("'{' without '}'"), brace.getMessage());
  }
}
