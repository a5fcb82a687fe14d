package org.perfsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** The Kubernetes objects of {@code deploy/k8s/*.yaml} (the kustomization aside), looked up by kind and name. */
public final class K8sManifests {

  private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

  private final List<JsonNode> objects;

  private K8sManifests(List<JsonNode> objects) {
    this.objects = objects;
  }

  /** Every object of every YAML file under {@code deploy/k8s}, multi-document files included. */
  public static K8sManifests load(DeployFiles files) {
    Path k8s = files.path("k8s");
    return new K8sManifests(files.filesEndingWith(".yaml", ".yml").stream()
        .filter(file -> file.startsWith(k8s))
        .flatMap(file -> DeployFiles.yamlDocuments(file).stream())
        .filter(object -> !object.path("kind").asText().equals("Kustomization"))
        .toList());
  }

  public List<JsonNode> all() {
    return objects;
  }

  public List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
  }

  /** The objects that run pods from a template: Deployments and StatefulSets. */
  public List<JsonNode> workloads() {
    return objects.stream().filter(object -> WORKLOAD_KINDS.contains(object.path("kind").asText())).toList();
  }

  public Optional<JsonNode> find(String kind, String namespace, String name) {
    return ofKind(kind).stream()
        .filter(object -> namespaceOf(object).equals(namespace) && nameOf(object).equals(name))
        .findFirst();
  }

  public static String nameOf(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  /** The object's namespace; Kubernetes' {@code default} when the manifest leaves it out. */
  public static String namespaceOf(JsonNode object) {
    return object.path("metadata").path("namespace").asText("default");
  }

  /** A workload's pod template labels. */
  public static Map<String, String> podLabels(JsonNode workload) {
    return stringMap(workload.path("spec").path("template").path("metadata").path("labels"));
  }

  /** A workload's containers. */
  public static List<JsonNode> containers(JsonNode workload) {
    return elements(workload.path("spec").path("template").path("spec").path("containers"));
  }

  /** A container's {@code args}, as written (Kubernetes expands {@code $(VAR)} only when the pod starts). */
  public static List<String> args(JsonNode container) {
    return elements(container.path("args")).stream().map(JsonNode::asText).toList();
  }

  /** The value following {@code flag} in a container's args; empty when the flag is absent or last. */
  public static Optional<String> argValue(JsonNode container, String flag) {
    List<String> args = args(container);
    int at = args.indexOf(flag);
    return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
  }

  /** The pod field ({@code fieldRef.fieldPath}) a container's environment variable {@code name} is read from. */
  public static Optional<String> envFieldPath(JsonNode container, String name) {
    return elements(container.path("env")).stream()
        .filter(env -> env.path("name").asText().equals(name))
        .map(env -> env.path("valueFrom").path("fieldRef").path("fieldPath").asText(""))
        .filter(path -> !path.isEmpty())
        .findFirst();
  }

  /**
   * The container port a probe or Service names: a number as is, a name looked up among
   * {@code container}'s ports; empty when the name is unknown.
   */
  public static Optional<Integer> resolvePort(JsonNode port, JsonNode container) {
    if (port.isInt()) {
      return Optional.of(port.asInt());
    }
    return elements(container.path("ports")).stream()
        .filter(p -> p.path("name").asText().equals(port.asText()))
        .map(p -> p.path("containerPort").asInt())
        .findFirst();
  }

  public static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    node.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
    return map;
  }

  public static List<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
