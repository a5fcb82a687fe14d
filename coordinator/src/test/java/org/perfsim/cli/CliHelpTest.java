package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the CLI says about itself: help, usage errors, and what reaches stderr besides. */
class CliHelpTest {

  @Test
  void helpPrintsTheRootUsageAndHelpVerbPrintsThatVerbs() {
    CliVerbsTest.Run help = CliVerbsTest.run("help");
    assertEquals(0, help.status(), help.err());
    assertContains(help.out(), "Usage: perfsim [-hV] [COMMAND]");
    assertContains(help.out(), "  sessions ");
    CliVerbsTest.Run verb = CliVerbsTest.run("help", "run");
    assertEquals(0, verb.status(), verb.err());
    assertContains(verb.out(), "Usage: perfsim run ");
  }

  @Test
  void anUnknownVerbExitsWithTwoEvenWithHelp() {
    for (String[] args : List.of(new String[] {"nosuch"}, new String[] {"nosuch", "--help"})) {
      CliVerbsTest.Run r = CliVerbsTest.run(args);
      assertEquals(2, r.status(), String.join(" ", args) + ": " + r.out() + r.err());
      assertContains(r.err(), "perfsim: Unknown verb 'nosuch' (verbs: demo, attr, ");
      assertContains(r.err(), "Try 'perfsim --help'.");
      assertEquals("", r.out());
    }
  }

  @Test
  void withoutAVerbTheUsageGoesToStderrWithStatusTwo() {
    CliVerbsTest.Run r = CliVerbsTest.run();
    assertEquals(2, r.status());
    assertContains(r.err(), "perfsim: missing the verb");
    assertEquals("", r.out());
  }

  @Test
  void theHintNamesTheVerbsFullNameOnce() {
    CliVerbsTest.Run run = CliVerbsTest.run("run", "--bogus");
    assertEquals(2, run.status());
    assertContains(run.err(), "Try 'perfsim run --help'.");
    CliVerbsTest.Run get = CliVerbsTest.run("sessions", "get");
    assertEquals(2, get.status());
    assertContains(get.err(), "Try 'perfsim sessions get --help'.");
    CliVerbsTest.Run root = CliVerbsTest.run("--bogus");
    assertContains(root.err(), "Try 'perfsim --help'.");
    assertFalse((run.err() + get.err() + root.err()).contains("perfsim perfsim"));
  }

  /** The command list shows only the first description line: each must be a whole sentence. */
  @Test
  void everyVerbsFirstDescriptionLineIsAWholeSentence() {
    List<CommandLine> all = new ArrayList<>();
    collect(PerfsimCli.commandLine(), all);
    assertTrue(all.size() > 10, all.toString());
    for (CommandLine cl : all) {
      String[] description = cl.getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0, cl.getCommandSpec().qualifiedName());
      String first = description[0].strip();
      assertTrue(first.endsWith(".") || first.endsWith(".)"),
          () -> cl.getCommandSpec().qualifiedName() + ": '" + first + "'");
    }
  }

  private static void collect(CommandLine cl, List<CommandLine> into) {
    into.add(cl);
    cl.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  @Test
  void dashDArgumentsBecomeSystemPropertiesBeforeTheDoubleDashOnly() {
    String key = "perfsim.test.cli-help.define";
    try {
      String[] rest = SystemProperties.apply(new String[] {"demo", "-D" + key + "=after-delay", "--hosts", "1",
          "--", "perf", "-Dnot.ours=1"});
      assertEquals(List.of("demo", "--hosts", "1", "--", "perf", "-Dnot.ours=1"), List.of(rest));
      assertEquals("after-delay", com.typesafe.config.ConfigFactory.load().getString(key));
      assertEquals(null, System.getProperty("not.ours"));
    } finally {
      System.clearProperty(key);
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void aDashDFleetSettingReachesTheFleetConfig() throws Exception {
    // as the README shows it: after the verb, through java -jar's arguments; a bad value proves it was read
    try (CliProcess demo = CliProcess.start("demo", "--hosts", "1", "--guests", "1",
        "-Dperfsim.fleet.guest.reboot.policy=sometimes")) {
      assertEquals(1, demo.waitFor(120), demo.stderr());
      assertEquals("perfsim: perfsim.fleet.guest.reboot.policy must be none or after-delay, got sometimes\n",
          demo.stderr());
    }
  }

  @Test
  void demoWritesNothingToStderrNotEvenSlf4jsReplayWarning() throws Exception {
    try (CliProcess demo = CliProcess.start("demo", "--hosts", "1", "--guests", "1", "--pcpus", "1",
        "-Dperfsim.fleet.guest.reboot.policy=after-delay")) {
      String out = demo.restOfStdout();
      assertEquals(0, demo.waitFor(180), demo.stderr());
      assertContains(out, "== perf");
      assertEquals("", demo.stderr());
    }
  }
}
