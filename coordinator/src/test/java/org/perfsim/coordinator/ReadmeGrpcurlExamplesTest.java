package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.perfsim.deploy.DeployFiles;

/**
 * README's "The gRPC API" section works as written: every grpcurl example, in order, against one fresh
 * {@code perfsim serve} with the default fleet, ends with the status the README gives it (OK unless a
 * {@code # -> CODE} comment names another), and every RPC of perfsim.v1 has an example.
 */
class ReadmeGrpcurlExamplesTest {
  static final String SECTION = "## The gRPC API";
  /** The address every example dials; the test swaps in the server it started. */
  static final String README_ADDRESS = "127.0.0.1:50051";
  /** Set to true to print every response, e.g. to refresh the README's sample output. */
  /** What {@code grpcurl list} must show at least. */
  static final List<String> LISTED = List.of("grpc.health.v1.Health", "perfsim.v1.AbiService",
      "perfsim.v1.FleetService", "perfsim.v1.SessionService", "perfsim.v1.ExperimentService");
  static final boolean PRINT = Boolean.getBoolean("perfsim.readme.print");

  static List<GrpcurlCommand> examples() throws Exception {
    Path readme = DeployFiles.locate().root().resolve("README.md");
    return GrpcurlCommand.inSection(Files.readString(readme), SECTION);
  }

  @Test
  void everyExampleEndsWithTheStatusTheReadmeGivesOnAFreshServer() throws Exception {
    List<GrpcurlCommand> examples = examples();
    assertFalse(examples.isEmpty(), "no grpcurl example under '" + SECTION + "' in README.md");
    try (ServeProcess serve = ServeProcess.start()) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(serve.target()).usePlaintext().build();
      try {
        GrpcurlClient grpcurl = new GrpcurlClient(channel);
        for (GrpcurlCommand example : examples) {
          assertEquals(README_ADDRESS, example.address(), "README.md " + example + ": examples dial " + README_ADDRESS);
          GrpcurlClient.Result result = grpcurl.run(example);
          if (PRINT) {
            System.out.println(example + "\n-> " + result.code() + " " + result.description() + "\n"
                + String.join("\n", result.responses()));
          }
          assertEquals(example.expected(), result.code(), "README.md " + example + ": " + result.description() + " "
              + serve.stderr());
          if (example.verb().equals("list") && example.symbol().isEmpty()) {
            assertTrue(result.responses().containsAll(LISTED), "README.md " + example + " lists " + result.responses());
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void everyRpcOfPerfsimV1HasAnExample() throws Exception {
    Set<String> called = examples().stream().filter(GrpcurlCommand::isCall).map(GrpcurlCommand::verb)
        .collect(Collectors.toSet());
    Set<String> missing = GrpcurlClient.PERFSIM_SERVICES.stream().flatMap(s -> s.getMethods().stream())
        .map(MethodDescriptor::getFullMethodName).filter(m -> !called.contains(m))
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(missing.isEmpty(), "README '" + SECTION + "' has no grpcurl example for " + missing);
  }

  @Test
  void theExamplesIncludeReflectionAndHealth() throws Exception {
    List<GrpcurlCommand> examples = examples();
    assertTrue(examples.stream().anyMatch(e -> e.verb().equals("list") && e.symbol().isEmpty()),
        "README shows no 'grpcurl ... list'");
    assertTrue(examples.stream().anyMatch(e -> e.verb().equals("grpc.health.v1.Health/Check")),
        "README shows no health check");
  }
}
