package org.perfsim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.perfsim.deploy.K8sManifests.elements;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The static deployment files under {@code deploy/} agree with each other and with docs/METRICS.md:
 * they parse, Grafana's dashboard uses the provisioned datasource, every queried metric is promised by the
 * contract, Prometheus scrapes what compose runs, and promtool (when installed) accepts the configs and
 * the alert rules with their unit tests. Kubernetes manifests are checked in {@link K8sManifestsTest}.
 */
class DeployFilesTest {

  private static final DeployFiles FILES = DeployFiles.locate();
  private static final MetricsContract CONTRACT = MetricsContract.load(FILES.root());
  private static final String DASHBOARD = "grafana/dashboards/perfsim-cascade.json";

  static Stream<Path> yamlFiles() {
    return FILES.filesEndingWith(".yaml", ".yml").stream();
  }

  static Stream<Path> jsonFiles() {
    return FILES.filesEndingWith(".json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlFiles")
  void everyYamlFileParsesIntoMappings(Path file) {
    List<JsonNode> documents = DeployFiles.yamlDocuments(file);
    assertFalse(documents.isEmpty(), file + " has no YAML document");
    documents.forEach(document -> assertTrue(document.isObject(), file + ": a document is not a mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonFiles")
  void everyJsonFileParsesIntoAnObject(Path file) {
    assertTrue(DeployFiles.json(file).isObject(), file + " is not a JSON object");
  }

  @Test
  void theDeployTreeHasTheFilesThisTestChecks() {
    // guards the parameterized tests above against silently running over nothing
    assertTrue(yamlFiles().count() >= 11, "YAML files found: " + yamlFiles().toList());
    assertEquals(List.of(FILES.path(DASHBOARD)), jsonFiles().toList());
  }

  @Test
  void everyDashboardPanelAndQueryUsesTheProvisionedDatasource() {
    JsonNode datasources = FILES.yaml("grafana/provisioning/datasources/prometheus.yml").path("datasources");
    assertEquals(1, datasources.size(), "one provisioned datasource");
    String uid = datasources.get(0).path("uid").asText();
    assertEquals("prometheus", datasources.get(0).path("type").asText());
    List<JsonNode> panels = DeployFiles.panels(DeployFiles.json(FILES.path(DASHBOARD)));
    assertFalse(panels.isEmpty());
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertEquals(uid, panel.path("datasource").path("uid").asText(), "panel '" + title + "'");
      for (JsonNode target : elements(panel.path("targets"))) {
        assertEquals(uid, target.path("datasource").path("uid").asText(),
            "panel '" + title + "' query " + target.path("refId").asText());
      }
    }
  }

  @Test
  void everyMetricAQueryReadsIsPromisedByTheContract() {
    Map<String, String> queries = FILES.monitoringQueries();
    assertTrue(queries.size() >= 20, "queries found: " + queries.keySet());
    queries.forEach((where, expr) -> {
      Set<String> names = PromQlMetricNames.of(expr);
      assertFalse(names.isEmpty(), where + " reads no perfsim metric: " + expr);
      Set<String> unpromised = new TreeSet<>(names);
      unpromised.removeAll(CONTRACT.names());
      assertTrue(unpromised.isEmpty(), where + " reads " + unpromised + ", not in docs/METRICS.md: " + expr);
    });
  }

  @Test
  void theDashboardShowsTheCascadeItsCausesAndTheServices() {
    List<String> exprs = DeployFiles.panels(DeployFiles.json(FILES.path(DASHBOARD))).stream()
        .flatMap(panel -> elements(panel.path("targets")).stream())
        .map(target -> target.path("expr").asText())
        .toList();
    assertTrue(exprs.contains("sum by (host) (perfsim_guests{state=\"running\"})"), "guests up per host");
    Set<String> read = new TreeSet<>();
    exprs.forEach(expr -> read.addAll(PromQlMetricNames.of(expr)));
    assertTrue(read.containsAll(List.of("perfsim_guest_panics_total", "perfsim_pebs_records_total",
        "perfsim_perf_event_open_total", "perfsim_session_duration_seconds_bucket",
        "perfsim_session_first_panic_seconds_bucket", "perfsim_hosts_up",
        "grpc_server_processing_duration_seconds_sum", "grpc_server_processing_duration_seconds_count")), "" + read);
    assertTrue(exprs.stream().anyMatch(e -> e.startsWith("histogram_quantile(")
        && e.contains("perfsim_session_duration_seconds_bucket")), "session latency quantiles");
  }

  @Test
  void theContractListsEverySeriesTheMonitoringIssueNames() {
    List<String> required = List.of("perfsim_guests", "perfsim_guest_panics_total",
        "perfsim_guest_processes_killed_total", "perfsim_pebs_records_total",
        "perfsim_guest_memory_written_bytes_total", "perfsim_perf_event_open_total", "perfsim_sessions_started_total",
        "perfsim_sessions_finished_total", "perfsim_session_duration_seconds_bucket",
        "perfsim_session_first_panic_seconds_bucket", "perfsim_session_last_panic_seconds_bucket",
        "perfsim_hosts_up", "perfsim_cluster_members", "grpc_server_processing_duration_seconds_count",
        "grpc_server_requests_received_messages_total", "grpc_server_responses_sent_messages_total",
        "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage");
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(CONTRACT.names());
    assertTrue(missing.isEmpty(), "docs/METRICS.md lacks " + missing);
    assertEquals(List.of("host", "state"), CONTRACT.series("perfsim_guests").orElseThrow().labels());
    assertEquals(List.of("result", "perf_version", "kernel"),
        CONTRACT.series("perfsim_perf_event_open_total").orElseThrow().labels());
    CONTRACT.series().forEach(series -> assertTrue(PromQlMetricNames.isPerfsimFamily(series.name())
        && series.labels().stream().noneMatch(label -> label.contains("guest")), "unbounded or foreign: " + series));
  }

  @Test
  void grafanaProvisioningMatchesTheComposeMounts() {
    JsonNode grafana = FILES.yaml("compose.yaml").path("services").path("grafana");
    Map<String, String> mounts = mounts(grafana);
    assertEquals("/etc/grafana/provisioning", mounts.get("./grafana/provisioning"));
    JsonNode provider = FILES.yaml("grafana/provisioning/dashboards/perfsim.yml").path("providers").get(0);
    assertEquals("file", provider.path("type").asText());
    assertEquals(mounts.get("./grafana/dashboards"), provider.path("options").path("path").asText(),
        "the dashboards provider reads where compose mounts deploy/grafana/dashboards");
    String url = FILES.yaml("grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0)
        .path("url").asText();
    assertEquals("${PERFSIM_PROMETHEUS_URL}", url);
    assertEquals("http://prometheus:9090", grafana.path("environment").path("PERFSIM_PROMETHEUS_URL").asText());
  }

  @Test
  void composeMountsOnlyFilesThatExist() {
    FILES.yaml("compose.yaml").path("services").properties().forEach(service ->
        mounts(service.getValue()).keySet().forEach(source -> assertTrue(Files.exists(FILES.path(source)),
            service.getKey() + " mounts missing " + source)));
  }

  @Test
  void prometheusScrapesEveryPerfsimServiceOfComposeOnItsMetricsPort() {
    Set<String> expected = new TreeSet<>();
    FILES.yaml("compose.yaml").path("services").properties().forEach(service -> {
      List<String> command = elements(service.getValue().path("command")).stream().map(JsonNode::asText).toList();
      int flag = command.indexOf("--metrics-port");
      if (flag >= 0) {
        expected.add(service.getKey() + ":" + command.get(flag + 1));
      }
    });
    assertEquals(Set.of("coordinator:9464", "host-node-1:9464", "host-node-2:9464", "host-node-3:9464"), expected);
    assertEquals(expected, perfsimTargets(FILES.yaml("prometheus/prometheus.yml")));
  }

  @Test
  void composeHostNodesNameThemselvesByServiceAndListTheSameThreeSeedsTheFirstOfWhichFormsTheCluster() {
    Map<String, List<String>> hostNodes = new LinkedHashMap<>();
    FILES.yaml("compose.yaml").path("services").properties().forEach(service -> {
      List<String> command = elements(service.getValue().path("command")).stream().map(JsonNode::asText).toList();
      if (!command.isEmpty() && command.get(0).equals("host-node")) {
        hostNodes.put(service.getKey(), command);
      }
    });
    assertEquals(List.of("host-node-1", "host-node-2", "host-node-3"), List.copyOf(hostNodes.keySet()));
    hostNodes.forEach((service, command) -> {
      assertEquals(service, flagValue(command, "--hostname"), service + ": peers dial it by its service name");
      assertEquals("25520", flagValue(command, "--port"), service + " --port");
      assertEquals("host-node-1:25520,host-node-2:25520,host-node-3:25520", flagValue(command, "--seed-nodes"),
          service + ": the same seeds in every node, host-node-1 first (only the first seed forms a cluster)");
    });
  }

  @Test
  void nothingUnderDeployStillConfiguresPekkoManagementOrBootstrap() throws IOException {
    // the management artifacts do not resolve against Pekko 1.7.0 (docs/DEPLOY.md): none may be configured
    List<String> leftovers = List.of("pekko.management", "pekko.discovery", "bootstrap", "kubernetes-api",
        "contact-point", "8558", "7626", "port: management", "name: management");
    List<String> found = new ArrayList<>();
    for (Path file : FILES.filesEndingWith("")) {
      String text = Files.readString(file).toLowerCase(Locale.ROOT);
      leftovers.stream().filter(text::contains).forEach(hit -> found.add(FILES.root().relativize(file) + ": " + hit));
    }
    assertTrue(found.isEmpty(), "Pekko Management leftovers: " + found);
  }

  @Test
  void localPrometheusScrapesLoopbackEverySecond() {
    JsonNode local = FILES.yaml("prometheus/prometheus-local.yml");
    assertEquals(Set.of("127.0.0.1:9464"), perfsimTargets(local));
    assertEquals("1s", local.path("global").path("scrape_interval").asText());
    assertEquals("alerts.yml", local.path("rule_files").get(0).asText());
  }

  @Test
  void theImageRunsTheJarTheCoordinatorModulePackages() throws IOException {
    String pom = Files.readString(FILES.root().resolve("coordinator/pom.xml"));
    String jar = firstGroup("<finalName>([^<]+)</finalName>", pom) + ".jar";
    assertEquals("lib/", firstGroup("<classpathPrefix>([^<]+)</classpathPrefix>", pom));
    List<String> lines = Files.readAllLines(FILES.path("Dockerfile")).stream()
        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    assertEquals("FROM eclipse-temurin:17-jre", lines.get(0));
    assertTrue(lines.contains("COPY coordinator/target/" + jar + " " + jar), "" + lines);
    assertTrue(lines.contains("COPY coordinator/target/lib/ lib/"), "" + lines);
    assertTrue(lines.contains("ENTRYPOINT [\"java\", \"-jar\", \"" + jar + "\"]"), "" + lines);
  }

  @Test
  void promtoolAcceptsBothConfigsTheRulesAndTheRuleTests() {
    Optional<Promtool> promtool = Promtool.onPath();
    if (promtool.isEmpty()) {
      System.err.println("WARNING: " + Promtool.MISSING);
    }
    assumeTrue(promtool.isPresent(), Promtool.MISSING);
    Path dir = FILES.path("prometheus");
    List<String> failures = new ArrayList<>();
    for (String[] args : List.of(new String[] {"check", "config", "prometheus.yml"},
        new String[] {"check", "config", "prometheus-local.yml"}, new String[] {"check", "rules", "alerts.yml"},
        new String[] {"test", "rules", "alerts.test.yml"})) {
      Promtool.Result result = promtool.get().run(dir, args);
      if (!result.ok()) {
        failures.add("promtool " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
  }

  /** A compose service's bind mounts, source to container path (short syntax {@code SRC:DST[:MODE]}). */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : elements(service.path("volumes"))) {
      String[] parts = volume.asText().split(":");
      mounts.put(parts[0], parts[1]);
    }
    return mounts;
  }

  /** Static targets of every scrape job but Prometheus' own. */
  private static Set<String> perfsimTargets(JsonNode config) {
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : elements(config.path("scrape_configs"))) {
      if (job.path("job_name").asText().startsWith("perfsim")) {
        assertEquals("/metrics", job.path("metrics_path").asText("/metrics"), job.path("job_name").asText());
        job.path("static_configs").forEach(group -> group.path("targets").forEach(t -> targets.add(t.asText())));
      }
    }
    return targets;
  }

  private static String flagValue(List<String> command, String flag) {
    int at = command.indexOf(flag);
    assertTrue(at >= 0 && at + 1 < command.size(), flag + " with a value in " + command);
    return command.get(at + 1);
  }

  private static String firstGroup(String regex, String text) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no match for " + regex);
    return matcher.group(1);
  }
}
