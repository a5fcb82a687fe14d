package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.ProvisionHostsRequest;

/** README examples are read as a shell reads them, and a typo in one is caught before any call. */
class GrpcurlCommandTest {
  static final String DOC = """
      # Doc
      ## The gRPC API
      Text with grpcurl -plaintext 1.2.3.4:5 list outside a fence: not an example.
      ```sh
      grpcurl -plaintext 127.0.0.1:50051 list
      grpcurl -plaintext -d '{"count": 2,
        "labels": {"rack": "r12"}}' \\
        127.0.0.1:50051 perfsim.v1.FleetService/ProvisionHosts
      ./perfsim hosts --target 127.0.0.1:50051
      grpcurl -plaintext -d '{"hostId": "host-9"}' 127.0.0.1:50051 perfsim.v1.FleetService/DescribeHost  # -> NOT_FOUND
      ```
      ## Next
      ```sh
      grpcurl -plaintext 127.0.0.1:50051 describe perfsim.v1.Host
      ```
      """;

  @Test
  void commandsOfTheSectionOnlyAreReadAcrossContinuationsAndQuotedLines() {
    List<GrpcurlCommand> commands = GrpcurlCommand.inSection(DOC, "## The gRPC API");
    assertEquals(3, commands.size(), commands.toString());
    assertEquals(new GrpcurlCommand(5, "127.0.0.1:50051", "list", "", "", Status.Code.OK), commands.get(0));
    GrpcurlCommand provision = commands.get(1);
    assertEquals(6, provision.line());
    assertEquals("{\"count\": 2,\n  \"labels\": {\"rack\": \"r12\"}}", provision.data());
    assertEquals("perfsim.v1.FleetService/ProvisionHosts", provision.verb());
    assertEquals(Status.Code.NOT_FOUND, commands.get(2).expected());
  }

  @Test
  void theJsonOfAnExampleBecomesTheRequestGrpcurlWouldSend() throws Exception {
    GrpcurlCommand provision = GrpcurlCommand.inSection(DOC, "## The gRPC API").get(1);
    ProvisionHostsRequest request = (ProvisionHostsRequest) GrpcurlClient.request(
        FleetServiceGrpc.getProvisionHostsMethod(), provision.data());
    assertEquals(2, request.getCount());
    assertEquals("r12", request.getLabelsMap().get("rack"));
  }

  @Test
  void aMisspelledFieldOrBrokenJsonIsRefused() {
    assertThrows(InvalidProtocolBufferException.class, () -> GrpcurlClient.request(
        FleetServiceGrpc.getDescribeHostMethod(), "{\"hostID\": \"host-1\"}"));
    assertThrows(InvalidProtocolBufferException.class, () -> GrpcurlClient.request(
        FleetServiceGrpc.getDescribeHostMethod(), "{\"hostId\": \"host-1\""));
  }

  @Test
  void aMisspelledMethodIsNotAKnownMethod() {
    assertTrue(GrpcurlClient.methods().containsKey("perfsim.v1.FleetService/DescribeHost"));
    assertFalse(GrpcurlClient.methods().containsKey("perfsim.v1.FleetService/DescribeHosts"));
  }

  @Test
  void anUnknownStatusNameOrFlagIsAnError() {
    IllegalArgumentException badCode = assertThrows(IllegalArgumentException.class, () -> GrpcurlCommand.inSection(
        "## A\n```\ngrpcurl -plaintext 127.0.0.1:50051 list # -> NOT_FOUNDED\n```\n", "## A"));
    assertTrue(badCode.getMessage().contains("NOT_FOUNDED"), badCode.getMessage());
    IllegalArgumentException noPlaintext = assertThrows(IllegalArgumentException.class, () -> GrpcurlCommand.inSection(
        "## A\n```\ngrpcurl 127.0.0.1:50051 list\n```\n", "## A"));
    assertTrue(noPlaintext.getMessage().contains("-plaintext"), noPlaintext.getMessage());
  }
}
