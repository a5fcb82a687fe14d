package org.perfsim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.deploy.K8sManifests.containers;
import static org.perfsim.deploy.K8sManifests.elements;
import static org.perfsim.deploy.K8sManifests.nameOf;
import static org.perfsim.deploy.K8sManifests.namespaceOf;
import static org.perfsim.deploy.K8sManifests.podLabels;
import static org.perfsim.deploy.K8sManifests.resolvePort;
import static org.perfsim.deploy.K8sManifests.stringMap;
import static org.perfsim.deploy.K8sManifests.systemProperties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: probes on Pekko Management's {@code /alive} and {@code /ready}, Cluster Bootstrap's
 * kubernetes-api discovery able to find the host-node pods (label, service account, pod-reading Role),
 * Services that select real pods and ports.
 */
class K8sManifestsTest {

  private static final String BOOTSTRAP = "pekko.management.cluster.bootstrap.contact-point-discovery.";
  private static final DeployFiles FILES = DeployFiles.locate();
  private static final K8sManifests K8S = K8sManifests.load(FILES);

  @Test
  void theManifestsHoldTheObjectsOfAFleet() {
    Set<String> kinds = new TreeSet<>();
    K8S.all().forEach(object -> kinds.add(object.path("kind").asText() + "/" + nameOf(object)));
    assertTrue(kinds.containsAll(List.of("Namespace/perfsim", "Deployment/perfsim-coordinator",
        "Service/perfsim-coordinator", "Deployment/perfsim-host-node", "Service/perfsim-host-node",
        "ServiceAccount/perfsim-host-node", "Role/perfsim-pod-reader", "RoleBinding/perfsim-host-node-reads-pods")),
        "" + kinds);
    K8S.all().stream().filter(object -> !object.path("kind").asText().equals("Namespace"))
        .forEach(object -> assertEquals("perfsim", namespaceOf(object), "namespace of " + nameOf(object)));
  }

  @Test
  void everyDeploymentProbesAliveAndReadyOnTheManagementPortAndSetsResources() {
    assertFalse(K8S.ofKind("Deployment").isEmpty());
    for (JsonNode deployment : K8S.ofKind("Deployment")) {
      for (JsonNode container : containers(deployment)) {
        String where = nameOf(deployment) + "/" + container.path("name").asText();
        JsonNode liveness = container.path("livenessProbe").path("httpGet");
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        assertEquals("/alive", liveness.path("path").asText(), where + " liveness path");
        assertEquals("/ready", readiness.path("path").asText(), where + " readiness path");
        assertEquals(8558, resolvePort(liveness.path("port"), container).orElse(-1), where + " liveness port");
        assertEquals(8558, resolvePort(readiness.path("port"), container).orElse(-1), where + " readiness port");
        assertEquals("8558", systemProperties(container).get("pekko.management.http.port"),
            where + ": Pekko Management defaults to 7626, so 8558 must be set");
        for (String bound : List.of("requests", "limits")) {
          Map<String, String> resources = stringMap(container.path("resources").path(bound));
          assertTrue(resources.keySet().containsAll(List.of("cpu", "memory")), where + " resources." + bound);
        }
      }
    }
  }

  @Test
  void everyDeploymentSelectsItsOwnPodTemplate() {
    for (JsonNode deployment : K8S.ofKind("Deployment")) {
      Map<String, String> selector = stringMap(deployment.path("spec").path("selector").path("matchLabels"));
      assertFalse(selector.isEmpty(), nameOf(deployment) + " selector");
      assertTrue(podLabels(deployment).entrySet().containsAll(selector.entrySet()),
          nameOf(deployment) + ": template labels " + podLabels(deployment) + " lack " + selector);
    }
  }

  @Test
  void hostNodePodsCarryTheLabelTheBootstrapDiscoveryLooksFor() {
    JsonNode hostNode = K8S.find("Deployment", "perfsim", "perfsim-host-node").orElseThrow();
    JsonNode container = containers(hostNode).get(0);
    Map<String, String> props = systemProperties(container);
    assertEquals("kubernetes-api", props.get(BOOTSTRAP + "discovery-method"));
    String serviceName = props.get(BOOTSTRAP + "service-name");
    // pekko-discovery-kubernetes-api 1.1.1 reference.conf: pod-label-selector = "app=%s"
    String selector = props.getOrDefault("pekko.discovery.kubernetes-api.pod-label-selector", "app=%s")
        .replace("%s", serviceName);
    for (String term : selector.split(",")) {
      String[] keyValue = term.split("=", 2);
      assertEquals(keyValue[1], podLabels(hostNode).get(keyValue[0]),
          "pod template label " + keyValue[0] + " for bootstrap selector '" + selector + "'");
    }
    int required = Integer.parseInt(props.get(BOOTSTRAP + "required-contact-point-nr"));
    int replicas = hostNode.path("spec").path("replicas").asInt();
    assertTrue(required >= 1 && required <= replicas, "required-contact-point-nr " + required + " of " + replicas);
    String portName = props.get(BOOTSTRAP + "port-name");
    assertEquals(8558, resolvePort(new TextNode(portName), container)
        .orElse(-1), "bootstrap contacts the container port named '" + portName + "'");
    List<String> args = elements(container.path("args")).stream().map(JsonNode::asText).toList();
    assertFalse(args.contains("--seed-nodes"), "bootstrap, not seed nodes, forms the cluster: " + args);
  }

  @Test
  void podsThatReadTheApiServerHaveAServiceAccountWhoseRoleListsPods() {
    List<JsonNode> discovering = K8S.ofKind("Deployment").stream()
        .filter(d -> containers(d).stream().anyMatch(c ->
            "kubernetes-api".equals(systemProperties(c).get(BOOTSTRAP + "discovery-method"))))
        .toList();
    assertFalse(discovering.isEmpty());
    for (JsonNode deployment : K8S.ofKind("Deployment")) {
      String account = deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText("");
      if (account.isEmpty()) {
        assertFalse(discovering.contains(deployment), nameOf(deployment) + " discovers pods without an account");
        continue;
      }
      String ns = namespaceOf(deployment);
      assertTrue(K8S.find("ServiceAccount", ns, account).isPresent(), "ServiceAccount " + ns + "/" + account);
      if (discovering.contains(deployment)) {
        assertTrue(accountMayReadPods(ns, account), account + " needs pods get/watch/list in " + ns);
      }
    }
  }

  @Test
  void servicesSelectPodsAndTargetPortsThoseContainersOpen() {
    for (JsonNode service : K8S.ofKind("Service")) {
      Map<String, String> selector = stringMap(service.path("spec").path("selector"));
      JsonNode deployment = K8S.ofKind("Deployment").stream()
          .filter(d -> namespaceOf(d).equals(namespaceOf(service))
              && podLabels(d).entrySet().containsAll(selector.entrySet()))
          .findFirst().orElseThrow(() -> new AssertionError("Service " + nameOf(service) + " selects no pods"));
      JsonNode container = containers(deployment).get(0);
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
    JsonNode headless = K8S.find("Service", "perfsim", "perfsim-host-node").orElseThrow();
    assertEquals("None", headless.path("spec").path("clusterIP").asText());
    for (JsonNode deployment : K8S.ofKind("Deployment")) {
      assertEquals("true", deployment.path("spec").path("template").path("metadata").path("annotations")
          .path("prometheus.io/scrape").asText(), nameOf(deployment) + " pods are scraped");
    }
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

  private boolean accountMayReadPods(String namespace, String account) {
    return K8S.ofKind("RoleBinding").stream()
        .filter(binding -> namespaceOf(binding).equals(namespace))
        .filter(binding -> elements(binding.path("subjects")).stream().anyMatch(s ->
            s.path("kind").asText().equals("ServiceAccount") && s.path("name").asText().equals(account)
                && s.path("namespace").asText(namespace).equals(namespace)))
        .map(binding -> binding.path("roleRef"))
        .filter(ref -> ref.path("kind").asText().equals("Role"))
        .flatMap(ref -> K8S.find("Role", namespace, ref.path("name").asText()).stream())
        .flatMap(role -> elements(role.path("rules")).stream())
        .anyMatch(rule -> texts(rule.path("apiGroups")).contains("")
            && texts(rule.path("resources")).contains("pods")
            && texts(rule.path("verbs")).containsAll(List.of("get", "watch", "list")));
  }

  private static List<String> texts(JsonNode array) {
    return elements(array).stream().map(JsonNode::asText).toList();
  }
}
