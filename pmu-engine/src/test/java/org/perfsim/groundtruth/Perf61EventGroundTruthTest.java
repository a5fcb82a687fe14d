package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.events.EventList;
import org.perfsim.events.EventParser;
import org.perfsim.events.EventSyntaxError;
import org.perfsim.events.EventSyntaxException;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;

/**
 * perfsim's 6.1 parser against the installed perf 6.1, string by string: both accept or both reject;
 * a rejection has the same report (message and caret column, i.e. identical lines); an acceptance
 * has the same event-derived fields in the attr perf record built for the first event, and in perf
 * stat's first open attempt of every event it got to, and the same evsel names.
 *
 * <p>perf stat prints what the parser built (it applies neither {@code P}'s precise_ip=3 nor
 * period/freq terms, and rejects {@code freq=}), so its blocks are compared with the parsed precise
 * level; perf record's first block with perfsim's attr, which models record.
 */
class Perf61EventGroundTruthTest {

  private static final int POOL = 3;
  private static final String CSV = ";";
  private static final Map<String, Observed> OBSERVED = new ConcurrentHashMap<>();
  private static long startedNanos;

  private record Observed(PerfRun record, PerfRun stat) {}

  @BeforeAll
  static void runEveryStringThroughTheBinary() throws Exception {
    InstalledPerf.assumeAvailable();
    startedNanos = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(POOL);
    try {
      List<Future<?>> runs = GroundTruthEvents.all().stream()
          .map(events -> pool.submit(() -> OBSERVED.put(events, observe(events))))
          .<Future<?>>map(f -> f)
          .toList();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void reportRuntime() {
    if (startedNanos != 0) {
      System.err.printf("perf 6.1 ground truth: %d event strings, %d ms of perf runs%n",
          OBSERVED.size(), (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }

  private static Observed observe(String events) {
    PerfRun record = InstalledPerf.run(InstalledPerf.recordArgv(events, "--no-bpf-event"));
    PerfRun stat = record.acceptedEvents() && needsStat(events)
        ? InstalledPerf.run("stat", "-x", CSV, "-vv", "-e", events, "--", "true") : null;
    return new Observed(record, stat);
  }

  /**
   * perf stat shows every event's attr and every name, but costs a second run: spend it where the
   * first record block cannot tell (lists, groups) and where the name is not simply the text
   * ({@code name=} terms, cache events, blanks). perf stat rejects {@code freq=}.
   */
  private static boolean needsStat(String events) {
    boolean informative = events.contains(",") || events.contains("{") || events.contains("name=")
        || events.contains(" ") || GroundTruthEvents.CACHE.contains(events);
    return informative && !events.contains("freq=");
  }

  static Stream<String> eventStrings() {
    return GroundTruthEvents.all().stream();
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("eventStrings")
  void perfsimAgreesWithPerf61(String events) {
    Observed perf = OBSERVED.get(events);
    EventList parsed;
    try {
      parsed = EventParser.parse(events, PerfGeneration.V6_1);
    } catch (EventSyntaxException e) {
      assertRejectedAlike(events, perf.record(), e.error());
      return;
    }
    assertTrue(perf.record().acceptedEvents(),
        () -> "perf rejects what perfsim accepts:\n" + perf.record().stderr());
    assertRecordFirstAttr(parsed.first(), perf.record());
    if (perf.stat() != null) {
      assertStatAttrsAndNames(parsed, perf.stat());
    }
  }

  private static void assertRejectedAlike(String events, PerfRun perf, EventSyntaxError ours) {
    assertFalse(perf.acceptedEvents(),
        () -> "perfsim rejects what perf accepts: " + ours.render() + ours.message());
    if (perf.syntaxError().isEmpty()) {
      assertFalse(ours.reported(), () -> "perf aborts silently, perfsim reports:\n" + ours.render());
      return;
    }
    PerfSyntaxError theirs = perf.syntaxError().get();
    assertEquals(theirs.eventLine() + "\n" + theirs.caretLine() + "\n", ours.render(),
        () -> "report for '" + events + "'");
  }

  private static void assertRecordFirstAttr(ParsedEvent first, PerfRun record) {
    Map<String, String> block = record.firstAttr().orElseThrow(
        () -> new AssertionError("perf record printed no attr:\n" + record.stderr()));
    assertEquals(EventAttrFields.of(first.attr()), EventAttrFields.eventFieldsOf(block),
        "perf record's first attr");
    if (first.attr().samplePeriodOrFreq() != 0) {
      assertEquals(Long.toString(first.attr().samplePeriodOrFreq()),
          block.get(EventAttrFields.PERIOD), "period/freq term");
      assertEquals(first.attr().isFrequency(), "1".equals(block.get("freq")), "freq flag");
    }
  }

  private static void assertStatAttrsAndNames(EventList parsed, PerfRun stat) {
    List<Map<String, String>> blocks = VerboseOutput.firstAttemptBlocks(stat.stderr());
    if (blocks.size() > parsed.size()) {
      fail("perf stat opened " + blocks.size() + " events, perfsim parsed " + parsed.size());
    }
    for (int i = 0; i < blocks.size(); i++) {
      ParsedEvent event = parsed.get(i);
      var parserView = event.attr().withPreciseIp(event.modifiers().preciseLevel());
      assertEquals(EventAttrFields.of(parserView), EventAttrFields.eventFieldsOf(blocks.get(i)),
          "perf stat's attr of event " + i + " (" + event.name() + ")");
    }
    List<String> names = VerboseOutput.statCounterNames(stat.stderr(), CSV);
    if (names.size() == parsed.size()) {
      assertEquals(names, parsed.events().stream().map(ParsedEvent::name).toList(), "names");
    }
  }
}
