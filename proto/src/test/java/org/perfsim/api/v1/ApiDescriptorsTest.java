package org.perfsim.api.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API contract as the generated code sees it: every service and method with its streaming kind,
 * and, from the descriptor set built with source info, a comment on every element of every .proto file.
 */
class ApiDescriptorsTest {
  private static final String PROTOSET = "/perfsim/v1/perfsim-v1.protoset";
  private static final List<FileDescriptor> GENERATED = List.of(CommonProto.getDescriptor(),
      FleetProto.getDescriptor(), SessionProto.getDescriptor(), AbiProto.getDescriptor(),
      ExperimentProto.getDescriptor());

  static Stream<Arguments> methods() {
    return Stream.of(
        Arguments.of(FleetServiceGrpc.getServiceDescriptor(), "ProvisionHosts", MethodType.UNARY),
        Arguments.of(FleetServiceGrpc.getServiceDescriptor(), "ListHosts", MethodType.UNARY),
        Arguments.of(FleetServiceGrpc.getServiceDescriptor(), "DescribeHost", MethodType.UNARY),
        Arguments.of(FleetServiceGrpc.getServiceDescriptor(), "RebootGuest", MethodType.UNARY),
        Arguments.of(FleetServiceGrpc.getServiceDescriptor(), "StopGuest", MethodType.UNARY),
        Arguments.of(SessionServiceGrpc.getServiceDescriptor(), "StartSession", MethodType.SERVER_STREAMING),
        Arguments.of(SessionServiceGrpc.getServiceDescriptor(), "GetSession", MethodType.UNARY),
        Arguments.of(SessionServiceGrpc.getServiceDescriptor(), "ListSessions", MethodType.UNARY),
        Arguments.of(SessionServiceGrpc.getServiceDescriptor(), "CancelSession", MethodType.UNARY),
        Arguments.of(AbiServiceGrpc.getServiceDescriptor(), "EncodeEvents", MethodType.UNARY),
        Arguments.of(AbiServiceGrpc.getServiceDescriptor(), "OpenAttr", MethodType.UNARY),
        Arguments.of(AbiServiceGrpc.getServiceDescriptor(), "RunMatrix", MethodType.UNARY),
        Arguments.of(AbiServiceGrpc.getServiceDescriptor(), "AbiCheck", MethodType.UNARY),
        Arguments.of(ExperimentServiceGrpc.getServiceDescriptor(), "RunExperiment", MethodType.SERVER_STREAMING),
        Arguments.of(ExperimentServiceGrpc.getServiceDescriptor(), "CancelExperiment", MethodType.UNARY),
        Arguments.of(ExperimentServiceGrpc.getServiceDescriptor(), "GetExperiment", MethodType.UNARY),
        Arguments.of(ExperimentServiceGrpc.getServiceDescriptor(), "ListExperiments", MethodType.UNARY));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("methods")
  void everyRpcExistsWithItsStreamingKind(ServiceDescriptor service, String method, MethodType kind) {
    String fullName = service.getName() + "/" + method;
    io.grpc.MethodDescriptor<?, ?> found = service.getMethods().stream()
        .filter(m -> m.getFullMethodName().equals(fullName)).findFirst().orElse(null);
    assertNotNull(found, fullName + " is missing");
    assertEquals(kind, found.getType(), fullName);
  }

  @Test
  void servicesOfferExactlyTheListedRpcs() {
    Map<String, Long> expected = new HashMap<>();
    methods().forEach(a -> expected.merge(((ServiceDescriptor) a.get()[0]).getName(), 1L, Long::sum));
    assertEquals(Map.of("perfsim.v1.FleetService", 5L, "perfsim.v1.SessionService", 4L,
        "perfsim.v1.AbiService", 4L, "perfsim.v1.ExperimentService", 4L), expected);
    for (ServiceDescriptor s : List.of(FleetServiceGrpc.getServiceDescriptor(),
        SessionServiceGrpc.getServiceDescriptor(), AbiServiceGrpc.getServiceDescriptor(),
        ExperimentServiceGrpc.getServiceDescriptor())) {
      assertEquals(expected.get(s.getName()).intValue(), s.getMethods().size(), s.getName());
    }
  }

  @Test
  void sessionStreamAndBlastRadiusAreOneofs() {
    assertEquals(List.of("started", "progress", "host_result", "finished"),
        oneofFields(SessionUpdate.getDescriptor(), "update"));
    assertEquals(List.of("ids", "labels", "all", "count", "percent"),
        oneofFields(HostSelector.getDescriptor(), "selection"));
    assertEquals(List.of("command_line", "argv"), oneofFields(StartSessionRequest.getDescriptor(), "command"));
    assertEquals(List.of("sample_period", "sample_freq"), oneofFields(PerfEventAttr.getDescriptor(), "sampling"));
  }

  @Test
  void outcomesCoverEveryOutcomeWord() {
    assertEquals(List.of("OUTCOME_UNSPECIFIED", "OUTCOME_OK", "OUTCOME_OK_HOST_ONLY", "OUTCOME_EOPNOTSUPP",
        "OUTCOME_EINVAL", "OUTCOME_E2BIG", "OUTCOME_EACCES", "OUTCOME_GUESTS_CRASHED", "OUTCOME_OTHER_ERROR",
        "OUTCOME_NO_GUESTS_RUNNING"),
        Outcome.getDescriptor().getValues().stream().map(v -> v.getName()).toList());
  }

  @Test
  void protosetHoldsExactlyTheGeneratedFiles() throws IOException {
    List<FileDescriptorProto> fromSet = ownFiles();
    assertEquals(GENERATED.size(), fromSet.size(), "perfsim.v1 files in the descriptor set");
    for (FileDescriptor generated : GENERATED) {
      FileDescriptorProto inSet = fromSet.stream().filter(f -> f.getName().equals(generated.getName()))
          .findFirst().orElseThrow(() -> new AssertionError(generated.getName() + " missing from " + PROTOSET));
      assertEquals(generated.toProto(), withoutSourceDetails(inSet), generated.getName());
    }
  }

  @Test
  void everyFileUsesThePackageAndJavaOptions() throws IOException {
    for (FileDescriptorProto f : ownFiles()) {
      assertEquals("org.perfsim.api.v1", f.getOptions().getJavaPackage(), f.getName());
      assertTrue(f.getOptions().getJavaMultipleFiles(), f.getName() + ": java_multiple_files");
      assertEquals("proto3", f.getSyntax(), f.getName());
    }
  }

  @Test
  void everyFieldIsLowerSnakeCase() throws IOException {
    List<String> bad = new ArrayList<>();
    for (FileDescriptorProto f : ownFiles()) {
      allMessages(f.getMessageTypeList(), "").forEach(m -> m.getValue().getFieldList().stream()
          .filter(field -> !field.getName().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"))
          .forEach(field -> bad.add(m.getKey() + "." + field.getName())));
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void everyServiceRpcMessageFieldEnumAndValueHasAComment() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (FileDescriptorProto f : ownFiles()) {
      Map<List<Integer>, String> comments = comments(f.getSourceCodeInfo());
      undocumented.addAll(new DocumentationCheck(f.getName(), comments).undocumented(f));
    }
    assertEquals(List.of(), undocumented, "elements without a comment in their .proto");
  }

  /** A synthetic map-entry type has no source of its own; everything else must say what it is. */
  private record DocumentationCheck(String file, Map<List<Integer>, String> comments) {
    List<String> undocumented(FileDescriptorProto f) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < f.getMessageTypeCount(); i++) {
        message(f.getMessageType(i), path(FileDescriptorProto.MESSAGE_TYPE_FIELD_NUMBER, i), missing);
      }
      for (int i = 0; i < f.getEnumTypeCount(); i++) {
        enumType(f.getEnumType(i), path(FileDescriptorProto.ENUM_TYPE_FIELD_NUMBER, i), missing);
      }
      for (int i = 0; i < f.getServiceCount(); i++) {
        ServiceDescriptorProto s = f.getService(i);
        List<Integer> at = path(FileDescriptorProto.SERVICE_FIELD_NUMBER, i);
        require(at, s.getName(), missing);
        for (int m = 0; m < s.getMethodCount(); m++) {
          require(extend(at, ServiceDescriptorProto.METHOD_FIELD_NUMBER, m),
              s.getName() + "." + s.getMethod(m).getName(), missing);
        }
      }
      return missing;
    }

    private void message(DescriptorProto m, List<Integer> at, List<String> missing) {
      if (m.getOptions().getMapEntry()) {
        return;
      }
      require(at, m.getName(), missing);
      for (int i = 0; i < m.getFieldCount(); i++) {
        require(extend(at, DescriptorProto.FIELD_FIELD_NUMBER, i), m.getName() + "." + m.getField(i).getName(),
            missing);
      }
      for (int i = 0; i < m.getOneofDeclCount(); i++) {
        int index = i;
        boolean synthetic = m.getFieldList().stream()
            .anyMatch(fd -> fd.hasOneofIndex() && fd.getOneofIndex() == index && fd.getProto3Optional());
        if (!synthetic) {
          require(extend(at, DescriptorProto.ONEOF_DECL_FIELD_NUMBER, i),
              m.getName() + ".oneof " + m.getOneofDecl(i).getName(), missing);
        }
      }
      for (int i = 0; i < m.getNestedTypeCount(); i++) {
        message(m.getNestedType(i), extend(at, DescriptorProto.NESTED_TYPE_FIELD_NUMBER, i), missing);
      }
      for (int i = 0; i < m.getEnumTypeCount(); i++) {
        enumType(m.getEnumType(i), extend(at, DescriptorProto.ENUM_TYPE_FIELD_NUMBER, i), missing);
      }
    }

    private void enumType(EnumDescriptorProto e, List<Integer> at, List<String> missing) {
      require(at, e.getName(), missing);
      for (int i = 0; i < e.getValueCount(); i++) {
        require(extend(at, EnumDescriptorProto.VALUE_FIELD_NUMBER, i), e.getName() + "." + e.getValue(i).getName(),
            missing);
      }
    }

    private void require(List<Integer> at, String what, List<String> missing) {
      String comment = comments.get(at);
      if (comment == null || comment.isBlank()) {
        missing.add(file + ": " + what);
      }
    }
  }

  private static List<String> oneofFields(com.google.protobuf.Descriptors.Descriptor message, String oneof) {
    return message.getOneofs().stream().filter(o -> o.getName().equals(oneof)).findFirst()
        .orElseThrow(() -> new AssertionError(message.getName() + " has no oneof " + oneof))
        .getFields().stream().map(f -> f.getName()).toList();
  }

  /** What protoc drops from the descriptors it embeds in generated code: comments and json_name. */
  private static FileDescriptorProto withoutSourceDetails(FileDescriptorProto f) {
    FileDescriptorProto.Builder b = f.toBuilder().clearSourceCodeInfo();
    b.getMessageTypeBuilderList().forEach(ApiDescriptorsTest::clearJsonNames);
    return b.build();
  }

  private static void clearJsonNames(DescriptorProto.Builder m) {
    m.getFieldBuilderList().forEach(FieldDescriptorProto.Builder::clearJsonName);
    m.getNestedTypeBuilderList().forEach(ApiDescriptorsTest::clearJsonNames);
  }

  private static List<FileDescriptorProto> ownFiles() throws IOException {
    try (InputStream in = ApiDescriptorsTest.class.getResourceAsStream(PROTOSET)) {
      assertNotNull(in, PROTOSET + " is not on the classpath (protobuf-maven-plugin writeDescriptorSet)");
      return FileDescriptorSet.parseFrom(in).getFileList().stream()
          .filter(f -> f.getPackage().equals("perfsim.v1")).toList();
    }
  }

  /** Leading and trailing comments by element path; a detached comment above an element does not count. */
  private static Map<List<Integer>, String> comments(SourceCodeInfo info) {
    Map<List<Integer>, String> byPath = new HashMap<>();
    for (SourceCodeInfo.Location l : info.getLocationList()) {
      String text = (l.getLeadingComments() + l.getTrailingComments()).strip();
      if (!text.isEmpty()) {
        byPath.merge(List.copyOf(l.getPathList()), text, (a, b) -> a + " " + b);
      }
    }
    return byPath;
  }

  private static Stream<Map.Entry<String, DescriptorProto>> allMessages(List<DescriptorProto> messages, String prefix) {
    return messages.stream().flatMap(m -> Stream.concat(Stream.of(Map.entry(prefix + m.getName(), m)),
        allMessages(m.getNestedTypeList(), prefix + m.getName() + ".")));
  }

  private static List<Integer> path(int... steps) {
    return IntStream.of(steps).boxed().toList();
  }

  private static List<Integer> extend(List<Integer> at, int field, int index) {
    List<Integer> out = new ArrayList<>(at);
    out.add(field);
    out.add(index);
    return List.copyOf(out);
  }
}
