package org.perfsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The Kubernetes objects of {@code deploy/k8s/*.yaml} (the kustomization aside), looked up by kind and name. */
public final class K8sManifests {

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

  /** A Deployment's pod template labels. */
  public static Map<String, String> podLabels(JsonNode deployment) {
    return stringMap(deployment.path("spec").path("template").path("metadata").path("labels"));
  }

  /** A Deployment's containers. */
  public static List<JsonNode> containers(JsonNode deployment) {
    return elements(deployment.path("spec").path("template").path("spec").path("containers"));
  }

  /** The {@code -Dkey=value} pairs of a container's {@code JAVA_TOOL_OPTIONS} (value split at the first '='). */
  public static Map<String, String> systemProperties(JsonNode container) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (JsonNode env : elements(container.path("env"))) {
      if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        for (String option : env.path("value").asText().trim().split("\\s+")) {
          int eq = option.indexOf('=');
          if (option.startsWith("-D") && eq > 2) {
            properties.put(option.substring(2, eq), option.substring(eq + 1));
          }
        }
      }
    }
    return properties;
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
