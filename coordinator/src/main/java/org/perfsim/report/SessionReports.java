package org.perfsim.report;

import com.google.protobuf.util.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.PanicCause;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.ApiMessages;
import org.perfsim.coordinator.core.Defaults;

/**
 * A session as the API returns it (GetSession's full view, or what {@code run} collected) as a
 * {@link ReportModel}. Each host's times count from its own session start, so the hosts share one time axis.
 *
 * <p>A <b>host group</b> is the hosts with the same CPU model, kernel policy and perf generation (the host as
 * the session found it, {@code HostSessionResult}'s fields from 40 on): what decides whether a precise event
 * crashes guests. A group's guests are all its hosts' guests; at 0 all are up except on hosts whose outcome is
 * {@code no-guests-running} (every guest down before the session), and each guest counts down at its first panic
 * in the session. The result does not say when a guest the reboot policy brought back came up again, nor which
 * guests of other hosts were already down, so those are not drawn.
 */
public final class SessionReports {
  private SessionReports() {}

  public static ReportModel of(Session session) {
    List<HostSessionResult> hosts = inHostOrder(session);
    long end = hosts.stream().mapToLong(SessionReports::endNanos).max().orElse(0);
    List<ReportModel.PanicPoint> panics = new ArrayList<>();
    for (HostSessionResult h : hosts) {
      for (GuestPanic p : h.getGuestsPanickedList()) {
        panics.add(new ReportModel.PanicPoint(nanos(p.getTime()), h.getHostId(), p.getGuestId(),
            cause(p.getCause())));
      }
    }
    panics.sort(Comparator.comparingLong(ReportModel.PanicPoint::atNanos));
    String state = state(session.getSummary().getState());
    return new ReportModel(command(session.getRequest()), subject(session, hosts.size()), end, guestsUp(hosts),
        panics, List.of(new ReportModel.Stage("session " + session.getSessionId(), 0, end, hosts.size(), state)),
        verdicts(session, hosts), hosts.stream().map(SessionReports::row).toList());
  }

  /** The group a host belongs to, as the report names it. */
  static String group(HostSessionResult h) {
    return groupName(h.getCpuModel(), h.getKernelPolicy(), h.getPerfGeneration());
  }

  /** The name of the host group of {@code cpu}, {@code kernel} and {@code perf} ids (blank: not known). */
  public static String groupName(String cpu, String kernel, String perf) {
    return or(cpu, "unknown CPU") + ", kernel " + or(kernel, "?") + ", perf " + or(perf, "?");
  }

  private static String or(String value, String unknown) {
    return value.isBlank() ? unknown : value;
  }

  /** The hosts that reported, in the session's host order (results come in completion order). */
  private static List<HostSessionResult> inHostOrder(Session session) {
    List<String> order = session.getHostIdsList();
    return session.getHostResultsList().stream()
        .sorted(Comparator.comparingInt((HostSessionResult h) -> order.indexOf(h.getHostId()))
            .thenComparing(HostSessionResult::getHostId))
        .toList();
  }

  /** Where the host's perf ended: its timeline's last entry ("session ended"), or its last panic. */
  private static long endNanos(HostSessionResult h) {
    long end = h.getTimelineCount() == 0 ? 0 : nanos(h.getTimeline(h.getTimelineCount() - 1).getTime());
    return Math.max(end, h.hasLastPanicTime() ? nanos(h.getLastPanicTime()) : 0);
  }

  private static List<ReportModel.GroupSeries> guestsUp(List<HostSessionResult> hosts) {
    Map<String, List<HostSessionResult>> groups = new LinkedHashMap<>();
    hosts.forEach(h -> groups.computeIfAbsent(group(h), g -> new ArrayList<>()).add(h));
    List<ReportModel.GroupSeries> series = new ArrayList<>();
    groups.forEach((name, members) -> {
      int total = members.stream().mapToInt(HostSessionResult::getGuests).sum();
      int downAtStart = members.stream().filter(h -> h.getOutcome() == Outcome.OUTCOME_NO_GUESTS_RUNNING)
          .mapToInt(HostSessionResult::getGuests).sum();
      TreeMap<Long, Integer> lostAt = new TreeMap<>();
      for (HostSessionResult h : members) {
        Set<Integer> down = new HashSet<>();
        // in panic-time order, so a guest that panicked twice (rebooted in between) counts at its first
        h.getGuestsPanickedList().stream().sorted(Comparator.comparingLong(p -> nanos(p.getTime())))
            .filter(p -> down.add(p.getGuestId())).forEach(p -> lostAt.merge(nanos(p.getTime()), 1, Integer::sum));
      }
      List<ReportModel.Point> points = new ArrayList<>(List.of(new ReportModel.Point(0, total - downAtStart)));
      int up = total - downAtStart;
      for (Map.Entry<Long, Integer> lost : lostAt.entrySet()) {
        up -= lost.getValue();
        if (lost.getKey() == 0) {
          points.set(0, new ReportModel.Point(0, up));
        } else {
          points.add(new ReportModel.Point(lost.getKey(), up));
        }
      }
      series.add(new ReportModel.GroupSeries(name, total, points));
    });
    return series;
  }

  private static List<ReportModel.Verdict> verdicts(Session session, List<HostSessionResult> hosts) {
    int guests = hosts.stream().mapToInt(HostSessionResult::getGuests).sum();
    long panicked = hosts.stream().mapToLong(h -> h.getGuestsPanickedList().stream()
        .map(GuestPanic::getGuestId).distinct().count()).sum();
    long hostsHit = hosts.stream().filter(h -> h.getGuestsPanickedCount() > 0).count();
    Map<String, Integer> outcomes = new TreeMap<>();
    hosts.forEach(h -> outcomes.merge(outcome(h), 1, Integer::sum));
    List<String> perOutcome = new ArrayList<>();
    outcomes.forEach((word, n) -> perOutcome.add(word + ": " + n + (n == 1 ? " host" : " hosts")));
    boolean perfRan = hosts.stream().allMatch(h -> h.getNodeError().isEmpty() && h.getPerfExitStatus() == 0);
    int selected = session.getHostIdsCount();
    return List.of(
        new ReportModel.Verdict("no guest panicked", panicked == 0, panicked + " of " + guests + " guests panicked, on "
            + hostsHit + " of " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts")),
        new ReportModel.Verdict("perf ran on every host", perfRan && hosts.size() == selected,
            hosts.size() + " of " + selected + " hosts reported; " + String.join(", ", perOutcome)));
  }

  private static ReportModel.HostRow row(HostSessionResult h) {
    int panicked = (int) h.getGuestsPanickedList().stream().map(GuestPanic::getGuestId).distinct().count();
    return new ReportModel.HostRow(h.getHostId(), group(h), outcome(h), h.getGuests(), panicked, note(h));
  }

  /** Why the host came out so, in one line: its node's error, the first panic, or what perf said when it failed. */
  private static String note(HostSessionResult h) {
    if (!h.getNodeError().isEmpty()) {
      return h.getNodeError();
    }
    if (h.getGuestsPanickedCount() > 0) {
      GuestPanic first = h.getGuestsPanicked(0);
      return "guest " + first.getGuestId() + ": " + first.getReason();
    }
    if (h.getPerfExitStatus() != 0) {
      String message = h.getPerfMessage().strip();
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
    return "";
  }

  private static String outcome(HostSessionResult h) {
    if (!h.getNodeError().isEmpty()) {
      return "node-error";
    }
    return ApiMessages.domainOutcome(h.getOutcome()).map(org.perfsim.session.Outcome::word).orElse("-");
  }

  /** The metric label's spelling ({@code kernel_text}, ...), from the domain's one rule. */
  static String cause(PanicCause cause) {
    return cause == PanicCause.PANIC_CAUSE_UNSPECIFIED || cause == PanicCause.UNRECOGNIZED ? "unknown"
        : org.perfsim.vm.PanicCause.valueOf(cause.name().substring("PANIC_CAUSE_".length())).label();
  }

  private static String command(StartSessionRequest request) {
    return request.hasArgv() ? String.join(" ", request.getArgv().getArgsList()) : request.getCommandLine();
  }

  private static String subject(Session session, int reported) {
    StartSessionRequest request = session.getRequest();
    long seed = request.hasSeed() ? request.getSeed() : Defaults.SEED;
    return "session " + session.getSessionId() + ", " + state(session.getSummary().getState()) + ": " + reported
        + " of " + session.getHostIdsCount() + " hosts reported, seed " + seed
        + (request.hasPerfGeneration() ? ", perf " + request.getPerfGeneration() + " on every host" : "");
  }

  private static String state(SessionState state) {
    return state == SessionState.UNRECOGNIZED ? "unknown"
        : state.name().substring("SESSION_STATE_".length()).toLowerCase(Locale.ROOT);
  }

  private static long nanos(com.google.protobuf.Duration d) {
    return Durations.toNanos(d);
  }
}
