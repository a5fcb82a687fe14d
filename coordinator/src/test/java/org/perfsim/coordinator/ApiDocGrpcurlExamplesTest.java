package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.deploy.DeployFiles;

/**
 * docs/API.md's grpcurl examples name real methods and spell their JSON as grpcurl accepts it. They are not
 * run (they assume a fleet and sessions README's walk-through does not build); README's are, by
 * {@link ReadmeGrpcurlExamplesTest}.
 */
class ApiDocGrpcurlExamplesTest {

  @Test
  void everyExampleNamesARealMethodAndParsesIntoItsRequest() throws Exception {
    String doc = Files.readString(DeployFiles.locate().root().resolve("docs/API.md"));
    List<GrpcurlCommand> examples = GrpcurlCommand.inSection(doc, "# perfsim gRPC API (`perfsim.v1`)");
    assertFalse(examples.isEmpty(), "no grpcurl example in docs/API.md");
    for (GrpcurlCommand example : examples) {
      assertEquals(ReadmeGrpcurlExamplesTest.README_ADDRESS, example.address(), "docs/API.md " + example);
      if (!example.isCall()) {
        continue;
      }
      MethodDescriptor<?, ?> method = GrpcurlClient.methods().get(example.verb());
      assertNotNull(method, "docs/API.md " + example + ": no such method");
      try {
        GrpcurlClient.request(method, example.data());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("docs/API.md " + example + ": " + e.getMessage(), e);
      }
    }
  }
}
