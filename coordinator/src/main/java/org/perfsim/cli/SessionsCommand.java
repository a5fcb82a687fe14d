package org.perfsim.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.ListSessionsResponse;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim sessions list|get|cancel}: the coordinator's sessions (SessionService). */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "Lists, shows and cancels the coordinator's perf sessions (those 'run' started).",
    subcommands = {SessionsCommand.ListVerb.class, SessionsCommand.GetVerb.class,
        SessionsCommand.CancelVerb.class})
public final class SessionsCommand implements Callable<Integer> {
  /** Bounds each unary call: a hung coordinator ends the verb instead of hanging it. */
  private static final long CALL_SECONDS = 30;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing the verb: list, get or cancel");
  }

  private static SessionServiceGrpc.SessionServiceBlockingStub stub(CoordinatorConnection c) {
    return SessionServiceGrpc.newBlockingStub(c.channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  /** What {@code cancel} (and Ctrl-C during {@code run}) did, in one line. */
  static String cancelled(Session s) {
    SessionSummary summary = s.getSummary();
    // CancelSession answers once the hosts are told to stop; the last of them may still be stopping
    return "session " + s.getSessionId() + ": " + (summary.getState() == SessionState.SESSION_STATE_RUNNING
        ? "cancelling" : SessionText.state(summary.getState())) + ", " + summary.getHostsDone() + "/"
        + summary.getHostsTotal() + " hosts done";
  }

  /** What get and cancel take: the coordinator and one session's id. */
  static final class OneSession {
    @Mixin CoordinatorConnection.Options connection;

    @Parameters(paramLabel = "SESSION", description = "the session's id, e.g. s-3")
    String sessionId;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists every session, newest first: state, command, hosts done, guests panicked, start time.")
  static final class ListVerb implements Callable<Integer> {
    @Mixin CoordinatorConnection.Options connection;

    @Option(names = "--json", description = "the ListSessions response as JSON (every page)")
    boolean json;

    @Override
    public Integer call() throws Exception {
      List<Session> sessions;
      try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
        sessions = Pages.all((size, token) -> stub(c).listSessions(ListSessionsRequest.newBuilder()
            .setPageSize(size).setPageToken(token).build()),
            ListSessionsResponse::getSessionsList, ListSessionsResponse::getNextPageToken);
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(ListSessionsResponse.newBuilder().addAllSessions(sessions)
            .build()));
        return 0;
      }
      TextTable table = new TextTable(List.of("SESSION", "STATE", "COMMAND", "HOSTS DONE", "GUESTS PANICKED",
          "STARTED"));
      for (Session s : sessions) {
        SessionSummary summary = s.getSummary();
        table.add(List.of(s.getSessionId(), SessionText.state(summary.getState()),
            String.join(" ", s.getRequest().getArgv().getArgsList()),
            summary.getHostsDone() + "/" + summary.getHostsTotal(), String.valueOf(summary.getGuestsPanicked()),
            summary.hasStartTime() ? Timestamps.toString(Timestamp.newBuilder()
                .setSeconds(summary.getStartTime().getSeconds()).build()) : "-"));
      }
      System.out.print(table.toText());
      System.out.println(sessions.size() + (sessions.size() == 1 ? " session" : " sessions"));
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Shows one session as 'run' does: one row per host that reported, then the totals.")
  static final class GetVerb implements Callable<Integer> {
    @Mixin OneSession session;

    @Option(names = "--json", description = "the session (GetSession with the full view) as JSON")
    boolean json;

    @Option(names = "--explain", description = "under the table, why each host came out so")
    boolean explain;

    @Override
    public Integer call() throws Exception {
      Session found;
      try (CoordinatorConnection c = CoordinatorConnection.open(session.connection)) {
        found = stub(c).getSession(GetSessionRequest.newBuilder().setSessionId(session.sessionId)
            .setView(SessionView.SESSION_VIEW_FULL).build());
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(found));
      } else {
        SessionText.print(found, SessionText.seed(found), explain);
      }
      return 0;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancels a running session: hosts still running stop, those done keep their results.")
  static final class CancelVerb implements Callable<Integer> {
    @Mixin OneSession session;

    @Override
    public Integer call() throws Exception {
      try (CoordinatorConnection c = CoordinatorConnection.open(session.connection)) {
        System.out.println(cancelled(stub(c).cancelSession(CancelSessionRequest.newBuilder()
            .setSessionId(session.sessionId).build())));
      }
      return 0;
    }
  }
}
