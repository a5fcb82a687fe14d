package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core speaks the domain: no class compiled from it refers to gRPC or to the generated perfsim.v1
 * messages. Class files name every class they use in their constant pool, so a plain byte search finds any
 * use, including ones the source reaches through a fully qualified name.
 */
class CoreArchitectureTest {
  private static final List<String> FORBIDDEN = List.of("io/grpc/", "org/perfsim/api/v1/", "com/google/protobuf/");

  @Test
  void noCoreClassUsesGrpcOrTheGeneratedApi() throws Exception {
    Path core = Paths.get(CoreError.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("org/perfsim/coordinator/core");
    List<Path> classes;
    try (Stream<Path> files = Files.walk(core)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertTrue(classes.size() > 10, "found the core's classes in " + core);
    List<String> offenders = classes.stream().flatMap(f -> FORBIDDEN.stream()
        .filter(name -> constants(f).contains(name)).map(name -> f.getFileName() + " uses " + name)).toList();
    assertEquals(List.of(), offenders);
  }

  private static String constants(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
