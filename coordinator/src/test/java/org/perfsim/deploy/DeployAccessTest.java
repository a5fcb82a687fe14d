package org.perfsim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.deploy.K8sManifests.args;
import static org.perfsim.deploy.K8sManifests.containers;
import static org.perfsim.deploy.K8sManifests.elements;
import static org.perfsim.deploy.K8sManifests.nameOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.perfsim.access.LoopbackOnly;
import org.perfsim.cli.PerfsimCli;
import picocli.CommandLine;

/**
 * Every perfsim process the deployment files start would pass the listening verbs' protected mode: parsed by
 * the CLI's own options, a port beyond loopback (by {@link LoopbackOnly}'s rule) has its credential (tokens for
 * gRPC and /metrics, all three cluster TLS files for the cluster port), and every credential file it names lies
 * in a mounted secret. Without this the shipped files would describe servers that refuse to start.
 */
class DeployAccessTest {

  private static final DeployFiles FILES = DeployFiles.locate();
  private static final List<String> CLUSTER_TLS = List.of("--cluster-tls-cert", "--cluster-tls-key", "--cluster-tls-ca");

  /** A perfsim process as a deployment file starts it: where, its args, its environment, its mounted secrets. */
  record Launch(String where, List<String> args, Map<String, String> env, List<String> secretDirsOrFiles) {
    boolean inSecret(String file) {
      return secretDirsOrFiles.stream().anyMatch(s -> file.equals(s) || file.startsWith(s + "/"));
    }
  }

  private static List<Launch> launches() {
    List<Launch> launches = new ArrayList<>();
    JsonNode compose = FILES.yaml("compose.yaml");
    Set<String> defined = new TreeSet<>();
    compose.path("secrets").fieldNames().forEachRemaining(defined::add);
    compose.path("services").properties().forEach(service -> {
      List<String> command = elements(service.getValue().path("command")).stream().map(JsonNode::asText).toList();
      if (command.isEmpty() || !List.of("serve", "host-node").contains(command.get(0))) {
        return;
      }
      List<String> secrets = new ArrayList<>();
      for (JsonNode secret : elements(service.getValue().path("secrets"))) {
        assertTrue(defined.contains(secret.asText()), service.getKey() + " uses undefined secret " + secret);
        secrets.add("/run/secrets/" + secret.asText());
      }
      launches.add(new Launch("compose " + service.getKey(), command,
          K8sManifests.stringMap(service.getValue().path("environment")), secrets));
    });
    for (JsonNode workload : K8sManifests.load(FILES).workloads()) {
      JsonNode pod = workload.path("spec").path("template").path("spec");
      Set<String> secretVolumes = new TreeSet<>();
      elements(pod.path("volumes")).stream().filter(v -> v.has("secret"))
          .forEach(v -> secretVolumes.add(v.path("name").asText()));
      for (JsonNode container : containers(workload)) {
        Map<String, String> env = new LinkedHashMap<>();
        elements(container.path("env")).forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        List<String> mounts = elements(container.path("volumeMounts")).stream()
            .filter(m -> secretVolumes.contains(m.path("name").asText())).map(m -> m.path("mountPath").asText())
            .toList();
        launches.add(new Launch("k8s " + nameOf(workload) + "/" + container.path("name").asText(), args(container),
            env, mounts));
      }
    }
    return launches;
  }

  /** The value of {@code option} as the CLI parsed it, or its default; an environment default counts as none. */
  private static Optional<String> option(CommandLine.ParseResult verb, String option) {
    CommandLine.Model.OptionSpec spec = verb.commandSpec().findOption(option);
    assertTrue(spec != null, verb.commandSpec().name() + " has no option " + option);
    String value = verb.hasMatchedOption(option) ? String.valueOf((Object) verb.matchedOption(option).getValue())
        : spec.defaultValue();
    return Optional.ofNullable(value).filter(v -> !v.startsWith("${env:"));
  }

  @Test
  void everyListeningProcessBeyondLoopbackHasItsCredentialsFromMountedSecrets() {
    List<Launch> launches = launches();
    assertEquals(6, launches.size(), "compose coordinator + 3 host nodes, k8s coordinator + host nodes: " + launches);
    for (Launch launch : launches) {
      CommandLine.ParseResult verb = PerfsimCli.commandLine().parseArgs(launch.args().toArray(String[]::new))
          .subcommand();
      assertTrue(verb.unmatched().isEmpty(), launch.where() + ": unmatched " + verb.unmatched());
      boolean serve = verb.commandSpec().name().equals("serve");
      String listen = option(verb, serve ? "--bind" : "--hostname").orElseThrow();
      String cluster = option(verb, serve ? "--cluster-hostname" : "--hostname").orElseThrow();
      Optional<String> tokens = option(verb, "--tokens-file")
          .or(() -> Optional.ofNullable(launch.env().get("PERFSIM_TOKENS_FILE")));
      List<String> files = new ArrayList<>();
      tokens.ifPresent(files::add);
      if (!LoopbackOnly.isLoopback(listen)) {
        assertTrue(tokens.isPresent() || option(verb, "--tls-client-ca").isPresent(),
            launch.where() + " listens on " + listen + " without tokens or client certificates: it would refuse");
      }
      List<Optional<String>> tls = CLUSTER_TLS.stream().map(o -> option(verb, o)).toList();
      assertTrue(tls.stream().allMatch(Optional::isPresent) || tls.stream().noneMatch(Optional::isPresent),
          launch.where() + ": all three cluster TLS files or none");
      if (!LoopbackOnly.isLoopback(cluster)) {
        assertTrue(tls.get(0).isPresent(), launch.where() + " opens its cluster port on " + cluster
            + " without cluster TLS: it would refuse");
      }
      tls.forEach(file -> file.ifPresent(files::add));
      for (String file : files) {
        assertTrue(launch.inSecret(file), launch.where() + ": " + file + " is in no mounted secret "
            + launch.secretDirsOrFiles());
      }
    }
  }

  @Test
  void theClusterMembersOfEachDeploymentShareOneClusterCa() {
    for (String kind : List.of("compose", "k8s")) {
      Set<String> cas = new TreeSet<>();
      // the coordinator joins the host nodes' cluster, so it trusts the same CA
      launches().stream().filter(l -> l.where().startsWith(kind))
          .forEach(l -> cas.add(l.args().get(l.args().indexOf("--cluster-tls-ca") + 1)));
      assertEquals(1, cas.size(), kind + ": the coordinator and the host nodes trust one CA: " + cas);
    }
  }

  @Test
  void prometheusSendsTheViewerTokenToEveryPerfsimJob() {
    for (JsonNode job : elements(FILES.yaml("prometheus/prometheus.yml").path("scrape_configs"))) {
      if (job.path("job_name").asText().startsWith("perfsim")) {
        assertEquals("perfsim-viewer.token", job.path("authorization").path("credentials_file").asText(),
            job.path("job_name").asText() + ": its targets require a viewer token");
      }
    }
  }
}
