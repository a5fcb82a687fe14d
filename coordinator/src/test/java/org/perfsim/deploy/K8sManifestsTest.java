package org.perfsim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.deploy.K8sManifests.argValue;
import static org.perfsim.deploy.K8sManifests.args;
import static org.perfsim.deploy.K8sManifests.containers;
import static org.perfsim.deploy.K8sManifests.elements;
import static org.perfsim.deploy.K8sManifests.envFieldPath;
import static org.perfsim.deploy.K8sManifests.nameOf;
import static org.perfsim.deploy.K8sManifests.namespaceOf;
import static org.perfsim.deploy.K8sManifests.podLabels;
import static org.perfsim.deploy.K8sManifests.resolvePort;
import static org.perfsim.deploy.K8sManifests.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: host nodes as a StatefulSet whose pod 0 seeds the Pekko cluster under the DNS name its
 * headless Service gives it, probes on the {@code /alive} and {@code /ready} endpoints of each JVM's metrics
 * port, Services that select real pods and ports, and no API-server access (nothing discovers pods).
 */
class K8sManifestsTest {

  private static final DeployFiles FILES = DeployFiles.locate();
  private static final K8sManifests K8S = K8sManifests.load(FILES);
  private static final int REMOTING_PORT = 25520;

  @Test
  void theManifestsHoldTheObjectsOfAFleet() {
    Set<String> kinds = new TreeSet<>();
    K8S.all().forEach(object -> kinds.add(object.path("kind").asText() + "/" + nameOf(object)));
    assertTrue(kinds.containsAll(List.of("Namespace/perfsim", "Deployment/perfsim-coordinator",
        "Service/perfsim-coordinator", "StatefulSet/perfsim-host-node", "Service/perfsim-host-node")), "" + kinds);
    K8S.all().stream().filter(object -> !object.path("kind").asText().equals("Namespace"))
        .forEach(object -> assertEquals("perfsim", namespaceOf(object), "namespace of " + nameOf(object)));
  }

  @Test
  void nothingTalksToTheApiServerSoNoPodGetsAToken() {
    for (String kind : List.of("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")) {
      assertTrue(K8S.ofKind(kind).isEmpty(), "no " + kind + " is needed with static seed nodes");
    }
    assertEquals(2, K8S.workloads().size(), "workloads: " + K8S.workloads().stream().map(K8sManifests::nameOf).toList());
    for (JsonNode workload : K8S.workloads()) {
      JsonNode pod = workload.path("spec").path("template").path("spec");
      assertEquals("false", pod.path("automountServiceAccountToken").asText(), nameOf(workload));
    }
  }

  @Test
  void everyContainerProbesAliveAndReadyOnItsOwnMetricsPortAndSetsResources() {
    for (JsonNode workload : K8S.workloads()) {
      for (JsonNode container : containers(workload)) {
        String where = nameOf(workload) + "/" + container.path("name").asText();
        int metricsPort = Integer.parseInt(argValue(container, "--metrics-port")
            .orElseThrow(() -> new AssertionError(where + " has no --metrics-port in " + args(container))));
        assertEquals(metricsPort, resolvePort(textOf("metrics"), container).orElse(-1),
            where + " declares a port named 'metrics' that is its --metrics-port");
        Map<String, String> expectedPaths = Map.of("startupProbe", "/alive", "livenessProbe", "/alive",
            "readinessProbe", "/ready");
        expectedPaths.forEach((probe, path) -> {
          JsonNode httpGet = container.path(probe).path("httpGet");
          assertEquals(path, httpGet.path("path").asText(), where + " " + probe + " path");
          assertEquals("metrics", httpGet.path("port").asText(), where + " " + probe + " port, by name");
        });
        for (String bound : List.of("requests", "limits")) {
          Map<String, String> resources = stringMap(container.path("resources").path(bound));
          assertTrue(resources.keySet().containsAll(List.of("cpu", "memory")), where + " resources." + bound);
        }
      }
    }
  }

  @Test
  void everyWorkloadSelectsItsOwnPodTemplate() {
    for (JsonNode workload : K8S.workloads()) {
      Map<String, String> selector = stringMap(workload.path("spec").path("selector").path("matchLabels"));
      assertFalse(selector.isEmpty(), nameOf(workload) + " selector");
      assertTrue(podLabels(workload).entrySet().containsAll(selector.entrySet()),
          nameOf(workload) + ": template labels " + podLabels(workload) + " lack " + selector);
    }
  }

  @Test
  void theHostNodeStatefulSetIsGovernedByAHeadlessServicePublishingUnreadyPods() {
    JsonNode hostNodes = K8S.find("StatefulSet", "perfsim", "perfsim-host-node").orElseThrow();
    String serviceName = hostNodes.path("spec").path("serviceName").asText();
    JsonNode service = K8S.find("Service", namespaceOf(hostNodes), serviceName)
        .orElseThrow(() -> new AssertionError("serviceName '" + serviceName + "' names no Service"));
    assertEquals("None", service.path("spec").path("clusterIP").asText(), serviceName + " is headless");
    // a pod is ready only after joining, and joins by dialling pod 0's DNS name: unready pods need records
    assertTrue(service.path("spec").path("publishNotReadyAddresses").asBoolean(false),
        serviceName + " publishes not-ready addresses");
    Map<String, String> selector = stringMap(service.path("spec").path("selector"));
    assertFalse(selector.isEmpty());
    assertTrue(podLabels(hostNodes).entrySet().containsAll(selector.entrySet()),
        serviceName + " selector " + selector + " vs pod labels " + podLabels(hostNodes));
    assertTrue(hostNodes.path("spec").path("replicas").asInt() >= 2, "a cluster of at least two host nodes");
  }

  @Test
  void everyHostNodeNamesItselfByItsPodDnsNameAndJoinsThroughPodZero() {
    List<JsonNode> statefulSets = K8S.ofKind("StatefulSet");
    assertFalse(statefulSets.isEmpty());
    for (JsonNode statefulSet : statefulSets) {
      String domain = statefulSet.path("spec").path("serviceName").asText() + "." + namespaceOf(statefulSet)
          + ".svc.cluster.local";
      String podZero = nameOf(statefulSet) + "-0";
      for (JsonNode container : containers(statefulSet)) {
        String where = nameOf(statefulSet) + "/" + container.path("name").asText();
        assertEquals("host-node", args(container).get(0), where + " verb");
        assertEquals(Optional.of("metadata.name"), envFieldPath(container, "POD_NAME"),
            where + ": POD_NAME comes from the downward API");
        String hostname = argValue(container, "--hostname").orElseThrow(() -> new AssertionError(where + " --hostname"));
        assertEquals("$(POD_NAME)." + domain, hostname, where + ": the canonical hostname is the name peers dial");
        assertEquals(String.valueOf(REMOTING_PORT), argValue(container, "--port").orElse(""), where + " --port");
        assertEquals(REMOTING_PORT, resolvePort(textOf("remoting"), container).orElse(-1), where + " remoting port");
        String seeds = argValue(container, "--seed-nodes").orElseThrow(() -> new AssertionError(where + " --seed-nodes"));
        // several seeds, pod 0 first: only the first seed forms a cluster, and a restarted pod 0 rejoins
        // through pods 1 and 2 instead of forming a second one (docs/DEPLOY.md "Several seeds")
        List<String> expected = java.util.stream.IntStream.range(0, 3)
            .mapToObj(i -> nameOf(statefulSet) + "-" + i + "." + domain + ":" + REMOTING_PORT).toList();
        assertEquals(expected, List.of(seeds.split(",")), where + ": every pod joins through pods 0, 1 and 2");
        assertEquals(expected.get(0), hostname.replace("$(POD_NAME)", podZero) + ":" + REMOTING_PORT,
            where + ": pod 0 names itself as the first seed");
        assertTrue(statefulSet.path("spec").path("replicas").asInt() >= expected.size(),
            where + ": every seed is a pod of the set");
      }
    }
  }

  @Test
  void servicesSelectPodsAndTargetPortsThoseContainersOpen() {
    for (JsonNode service : K8S.ofKind("Service")) {
      Map<String, String> selector = stringMap(service.path("spec").path("selector"));
      JsonNode workload = K8S.workloads().stream()
          .filter(w -> namespaceOf(w).equals(namespaceOf(service))
              && podLabels(w).entrySet().containsAll(selector.entrySet()))
          .findFirst().orElseThrow(() -> new AssertionError("Service " + nameOf(service) + " selects no pods"));
      JsonNode container = containers(workload).get(0);
      for (JsonNode port : elements(service.path("spec").path("ports"))) {
        assertEquals(port.path("port").asInt(), resolvePort(port.path("targetPort"), container).orElse(-1),
            nameOf(service) + " port " + port.path("name").asText());
      }
      assertEquals(
          Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9464", "prometheus.io/path", "/metrics"),
          stringMap(service.path("metadata").path("annotations")), nameOf(service) + " scrape annotations");
    }
    JsonNode coordinator = K8S.find("Service", "perfsim", "perfsim-coordinator").orElseThrow();
    Set<Integer> ports = new TreeSet<>();
    coordinator.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
    assertEquals(Set.of(50051, 9464), ports);
    for (JsonNode workload : K8S.workloads()) {
      assertEquals("true", workload.path("spec").path("template").path("metadata").path("annotations")
          .path("prometheus.io/scrape").asText(), nameOf(workload) + " pods are scraped");
    }
  }

  @Test
  void theCoordinatorJoinsTheHostNodesClusterThroughTheirSeeds() {
    JsonNode coordinator = K8S.find("Deployment", "perfsim", "perfsim-coordinator").orElseThrow();
    JsonNode container = containers(coordinator).get(0);
    List<String> args = args(container);
    assertEquals("serve", args.get(0));
    JsonNode hostNodes = K8S.find("StatefulSet", "perfsim", "perfsim-host-node").orElseThrow();
    // docs/DEPLOY.md: the coordinator is a member of the host nodes' cluster, so its sessions reach their hosts
    assertEquals(argValue(containers(hostNodes).get(0), "--seed-nodes"), argValue(container, "--seed-nodes"),
        "the coordinator joins through the host nodes' seeds: " + args);
    assertEquals(Optional.of("$(POD_IP)"), argValue(container, "--cluster-hostname"),
        "peers dial the coordinator's pod IP");
    assertEquals(Optional.of("status.podIP"), envFieldPath(container, "POD_IP"),
        "POD_IP comes from the downward API");
    assertEquals(String.valueOf(REMOTING_PORT), argValue(container, "--cluster-port").orElse(""), "--cluster-port");
  }

  @Test
  void theKustomizationListsEveryManifest() {
    JsonNode kustomization = FILES.yaml("k8s/kustomization.yaml");
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new TreeSet<>();
    Path k8s = FILES.path("k8s");
    FILES.filesEndingWith(".yaml", ".yml").stream()
        .filter(file -> file.getParent().equals(k8s) && !file.getFileName().toString().equals("kustomization.yaml"))
        .forEach(file -> present.add(file.getFileName().toString()));
    assertEquals(present, listed);
  }

  private static JsonNode textOf(String portName) {
    return TextNode.valueOf(portName);
  }
}
