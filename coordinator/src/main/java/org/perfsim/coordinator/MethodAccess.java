package org.perfsim.coordinator;

import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;
import java.util.Map;
import java.util.Optional;
import org.perfsim.access.Role;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.SessionServiceGrpc;

/**
 * What each RPC needs, in one table over every method of every service the coordinator serves. Health is
 * open (orchestrators' probes carry no token); reading needs a viewer; whatever changes the fleet or costs
 * the server real work (provisioning, sessions, experiments, cancels, guest stops and reboots, the whole ABI matrix)
 * needs an operator, and is audited. A method missing from the table needs an operator (default deny);
 * {@code MethodAccessTest} fails when a served method is missing, so a new RPC gets a row on purpose.
 */
final class MethodAccess {
  private MethodAccess() {}

  /** No token needed. */
  static final Optional<Role> OPEN = Optional.empty();
  private static final Optional<Role> VIEWER = Optional.of(Role.VIEWER);
  private static final Optional<Role> OPERATOR = Optional.of(Role.OPERATOR);

  static final Map<String, Optional<Role>> TABLE = Map.ofEntries(
      row(HealthGrpc.getCheckMethod(), OPEN),
      row(HealthGrpc.getWatchMethod(), OPEN),
      Map.entry("grpc.health.v1.Health/List", OPEN),
      Map.entry("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", VIEWER),
      Map.entry("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", VIEWER),
      row(FleetServiceGrpc.getProvisionHostsMethod(), OPERATOR),
      row(FleetServiceGrpc.getListHostsMethod(), VIEWER),
      row(FleetServiceGrpc.getDescribeHostMethod(), VIEWER),
      row(FleetServiceGrpc.getRebootGuestMethod(), OPERATOR),
      row(FleetServiceGrpc.getStopGuestMethod(), OPERATOR),
      row(SessionServiceGrpc.getStartSessionMethod(), OPERATOR),
      row(SessionServiceGrpc.getGetSessionMethod(), VIEWER),
      row(SessionServiceGrpc.getListSessionsMethod(), VIEWER),
      row(SessionServiceGrpc.getCancelSessionMethod(), OPERATOR),
      row(AbiServiceGrpc.getEncodeEventsMethod(), VIEWER),
      row(AbiServiceGrpc.getOpenAttrMethod(), VIEWER),
      row(AbiServiceGrpc.getRunMatrixMethod(), OPERATOR),
      row(AbiServiceGrpc.getAbiCheckMethod(), OPERATOR),
      row(ExperimentServiceGrpc.getRunExperimentMethod(), OPERATOR),
      row(ExperimentServiceGrpc.getCancelExperimentMethod(), OPERATOR),
      row(ExperimentServiceGrpc.getGetExperimentMethod(), VIEWER),
      row(ExperimentServiceGrpc.getListExperimentsMethod(), VIEWER));

  private static Map.Entry<String, Optional<Role>> row(MethodDescriptor<?, ?> method, Optional<Role> needs) {
    return Map.entry(method.getFullMethodName(), needs);
  }

  /** The role {@code fullMethodName} needs (empty: open to anyone); an unknown method needs an operator. */
  static Optional<Role> needs(String fullMethodName) {
    return TABLE.getOrDefault(fullMethodName, OPERATOR);
  }

  /** Whether calls of {@code fullMethodName} are audited: everything that needs an operator. */
  static boolean audited(String fullMethodName) {
    return needs(fullMethodName).equals(OPERATOR);
  }
}
