package org.perfsim.coordinator.core.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.coordinator.core.ProvisionSpec;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.SessionRequest;
import org.perfsim.coordinator.core.experiment.Experiment.AbortCondition;
import org.perfsim.coordinator.core.experiment.Experiment.HostGroup;
import org.perfsim.coordinator.core.experiment.Experiment.Hypothesis;
import org.perfsim.coordinator.core.experiment.Experiment.Layout;
import org.perfsim.coordinator.core.experiment.Experiment.Reboot;
import org.perfsim.coordinator.core.experiment.Experiment.Rollback;
import org.perfsim.coordinator.core.experiment.Experiment.Selector;
import org.perfsim.coordinator.core.experiment.Experiment.StageSize;
import org.perfsim.coordinator.core.experiment.Experiment.Step;

/**
 * Reads and checks an experiment file (YAML, the schema README.md "Experiments" shows). Every refusal is a
 * {@link CoreError} (INVALID_ARGUMENT) reading {@code FILE:LINE: FIELD: MESSAGE}, the field a path into the
 * document ({@code method[1].selector.value}). Unknown keys are refused, so a misspelt key never silently
 * means its default. Host specs go through the API's own checks and defaults ({@link ProvisionSpec}); perf
 * command lines through perf's own parser, for the perf installed on the hosts a step can select.
 */
public final class ExperimentReader {
  /** A group name leaves room for {@code -N} in a host id (a DNS label, 63 characters at most). */
  private static final Pattern GROUP = Pattern.compile("[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)?");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
  private static final Map<String, String> API_FIELDS = Map.of("cpu_model", "cpu", "kernel_policy", "kernel",
      "perf_generation", "perf", "reboot_policy.delay", "reboot.after", "reboot_policy.boot_time",
      "reboot.boot-time");

  private final String file;

  private ExperimentReader(String file) {
    this.file = file;
  }

  /** The experiment {@code text} describes; {@code file} names it in error messages. */
  public static Experiment read(String file, String text) {
    YamlNode root;
    try {
      root = YamlNode.parse(text);
    } catch (YamlNode.SyntaxError e) {
      throw CoreError.invalidInFile(file, e.line(), "", e.getMessage());
    }
    return new ExperimentReader(file).experiment(root);
  }

  private Experiment experiment(YamlNode root) {
    YamlNode.Mapping top = mapping(root, "");
    onlyKeys(top, "", "title", "description", "seed", "repetitions", "fleet", "steady-state-hypothesis", "method",
        "abort-when", "rollback");
    String title = text(required(top, "", "title"), "title");
    String description = optional(top, "description").map(n -> text(n, "description")).orElse("");
    long seed = optional(top, "seed").map(n -> unsignedLong(n, "seed")).orElse(Defaults.SEED);
    int repetitions = optional(top, "repetitions").map(n -> integer(n, "repetitions", 1,
        Limits.MAX_EXPERIMENT_REPETITIONS)).orElse(1);
    List<HostGroup> fleet = fleet(required(top, "", "fleet"));
    Hypothesis hypothesis = hypothesis(required(top, "", "steady-state-hypothesis"));
    List<Step> method = method(required(top, "", "method"), fleet);
    List<AbortCondition> aborts = new ArrayList<>();
    Optional<YamlNode> abortWhen = optional(top, "abort-when");
    if (abortWhen.isPresent()) {
      List<YamlNode> items = sequence(abortWhen.get(), "abort-when").items();
      for (int i = 0; i < items.size(); i++) {
        String path = "abort-when[" + i + "]";
        YamlNode.Mapping m = mapping(items.get(i), path);
        onlyKeys(m, path, "guests-panicked-more-than");
        aborts.add(new AbortCondition(percent(required(m, path, "guests-panicked-more-than"),
            path + ".guests-panicked-more-than")));
      }
    }
    Rollback rollback = new Rollback(false);
    Optional<YamlNode> rollbackNode = optional(top, "rollback");
    if (rollbackNode.isPresent()) {
      YamlNode.Mapping m = mapping(rollbackNode.get(), "rollback");
      onlyKeys(m, "rollback", "reboot-panicked-guests");
      rollback = new Rollback(bool(required(m, "rollback", "reboot-panicked-guests"),
          "rollback.reboot-panicked-guests"));
    }
    return new Experiment(title, description, seed, repetitions, fleet, hypothesis, method, aborts, rollback);
  }

  private List<HostGroup> fleet(YamlNode node) {
    List<YamlNode> items = sequence(node, "fleet").items();
    if (items.isEmpty()) {
      throw error(node, "fleet", "give at least one host group");
    }
    List<HostGroup> groups = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    long hosts = 0;
    for (int i = 0; i < items.size(); i++) {
      HostGroup group = group(items.get(i), "fleet[" + i + "]");
      if (!names.add(group.name())) {
        throw error(items.get(i), "fleet[" + i + "].group", "group '" + group.name() + "' is given twice");
      }
      hosts += group.hosts();
      if (hosts > Limits.MAX_HOSTS) {
        throw error(items.get(i), "fleet[" + i + "].hosts", "the fleet would have " + hosts
            + " hosts, more than the limit of " + Limits.MAX_HOSTS);
      }
      groups.add(group);
    }
    return groups;
  }

  private HostGroup group(YamlNode node, String path) {
    YamlNode.Mapping m = mapping(node, path);
    onlyKeys(m, path, "group", "hosts", "cpu", "kernel", "perf", "pcpus", "guests-per-host", "guest", "reboot");
    YamlNode nameNode = required(m, path, "group");
    String name = text(nameNode, path + ".group");
    if (!GROUP.matcher(name).matches()) {
      throw error(nameNode, path + ".group", "malformed group name '" + name
          + "' (1-52 characters of [a-z0-9-], starting and ending with [a-z0-9]: host ids are GROUP-N)");
    }
    int hosts = integer(required(m, path, "hosts"), path + ".hosts", 1, Limits.MAX_HOSTS);
    String cpu = optional(m, "cpu").map(n -> text(n, path + ".cpu")).orElse("");
    String kernel = optional(m, "kernel").map(n -> text(n, path + ".kernel")).orElse("");
    String perf = optional(m, "perf").map(n -> text(n, path + ".perf")).orElse("");
    int pcpus = optional(m, "pcpus").map(n -> integer(n, path + ".pcpus", 0, Integer.MAX_VALUE)).orElse(0);
    OptionalInt guests = optional(m, "guests-per-host")
        .map(n -> OptionalInt.of(integer(n, path + ".guests-per-host", 0, Integer.MAX_VALUE)))
        .orElse(OptionalInt.empty());
    ProvisionRequest.GuestRequest guest = ProvisionRequest.GuestRequest.DEFAULT;
    Optional<YamlNode> guestNode = optional(m, "guest");
    if (guestNode.isPresent()) {
      guest = guest(guestNode.get(), path + ".guest");
    }
    ProvisionRequest.RebootRequest reboot = ProvisionRequest.RebootRequest.DEFAULT;
    Optional<YamlNode> rebootNode = optional(m, "reboot");
    if (rebootNode.isPresent()) {
      reboot = reboot(rebootNode.get(), path + ".reboot");
    }
    ProvisionRequest request = new ProvisionRequest(new ProvisionRequest.Ids(List.of(name + "-1")), Map.of(), cpu,
        kernel, perf, pcpus, guests, guest, reboot);
    ProvisionSpec spec;
    try {
      spec = ProvisionSpec.of(request);
    } catch (CoreError refused) {
      String field = API_FIELDS.getOrDefault(refused.field(), refused.field().replace('_', '-'));
      throw error(lineOf(m, field), path + "." + field, refused.detail());
    }
    Optional<Layout> layout = guest.layout().map(l -> new Layout(l.kernelText(), l.kernelData(), l.pageTables(),
        l.user()));
    return new HostGroup(name, hosts, spec.cpu(), spec.kernel(), spec.perfVersion(), spec.pcpus(), spec.guests(),
        spec.shape().vcpus(), spec.shape().memoryMib(), spec.shape().busyShare(), layout,
        new Reboot(spec.reboot().afterDelay(), spec.reboot().delay().toNanos(), spec.reboot().bootTime().toNanos()));
  }

  /** The host spec of {@code group} as a provision request of its hosts (what the runner provisions). */
  static ProvisionRequest provisionRequest(HostGroup group) {
    Optional<ProvisionRequest.LayoutMib> layout = group.layout().map(l -> new ProvisionRequest.LayoutMib(0,
        l.kernelTextMib(), l.kernelDataMib(), l.pageTablesMib(), l.userMib(), 0));
    return new ProvisionRequest(new ProvisionRequest.Ids(group.hostIds()), Map.of("experiment-group", group.name()),
        group.cpu(), group.kernel(), group.perf(), group.pcpus(), OptionalInt.of(group.guestsPerHost()),
        new ProvisionRequest.GuestRequest(group.guestVcpus(), group.guestMemoryMib(),
            OptionalDouble.of(group.busyShare()), layout),
        new ProvisionRequest.RebootRequest(group.reboot().afterDelay(),
            Optional.of(Duration.ofNanos(group.reboot().delayNanos())),
            Optional.of(Duration.ofNanos(group.reboot().bootNanos()))));
  }

  private ProvisionRequest.GuestRequest guest(YamlNode node, String path) {
    YamlNode.Mapping m = mapping(node, path);
    onlyKeys(m, path, "vcpus", "memory-mib", "busy-share", "layout");
    int vcpus = optional(m, "vcpus").map(n -> integer(n, path + ".vcpus", 1, Integer.MAX_VALUE)).orElse(0);
    long memory = optional(m, "memory-mib").map(n -> (long) integer(n, path + ".memory-mib", 1, Integer.MAX_VALUE))
        .orElse(0L);
    OptionalDouble busy = optional(m, "busy-share").map(n -> OptionalDouble.of(number(n, path + ".busy-share")))
        .orElse(OptionalDouble.empty());
    Optional<ProvisionRequest.LayoutMib> layout = Optional.empty();
    Optional<YamlNode> layoutNode = optional(m, "layout");
    if (layoutNode.isPresent()) {
      String lp = path + ".layout";
      YamlNode.Mapping l = mapping(layoutNode.get(), lp);
      String[] keys = {"kernel-text-mib", "kernel-data-mib", "page-tables-mib", "user-mib"};
      onlyKeys(l, lp, keys);
      long[] mib = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        mib[i] = integer(required(l, lp, keys[i]), lp + "." + keys[i], 1, Integer.MAX_VALUE);
      }
      layout = Optional.of(new ProvisionRequest.LayoutMib(0, mib[0], mib[1], mib[2], mib[3], 0));
    }
    return new ProvisionRequest.GuestRequest(vcpus, memory, busy, layout);
  }

  /** {@code never}, or a mapping {@code after: 10s} with an optional {@code boot-time: 30s}. */
  private ProvisionRequest.RebootRequest reboot(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar s && "never".equals(s.text())) {
      return ProvisionRequest.RebootRequest.DEFAULT;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      throw error(node, path, "give 'never' or {after: DURATION, boot-time: DURATION}");
    }
    onlyKeys(m, path, "after", "boot-time");
    long after = duration(required(m, path, "after"), path + ".after");
    Optional<Duration> boot = optional(m, "boot-time").map(n -> Duration.ofNanos(duration(n, path + ".boot-time")));
    return new ProvisionRequest.RebootRequest(true, Optional.of(Duration.ofNanos(after)), boot);
  }

  private Hypothesis hypothesis(YamlNode node) {
    String path = "steady-state-hypothesis";
    YamlNode.Mapping m = mapping(node, path);
    onlyKeys(m, path, "title", "guests-running-at-least");
    String title = optional(m, "title").map(n -> text(n, path + ".title")).orElse("guests keep running");
    return new Hypothesis(title, percent(required(m, path, "guests-running-at-least"),
        path + ".guests-running-at-least"));
  }

  private List<Step> method(YamlNode node, List<HostGroup> fleet) {
    List<YamlNode> items = sequence(node, "method").items();
    if (items.isEmpty()) {
      throw error(node, "method", "give at least one step");
    }
    if (items.size() > Limits.MAX_EXPERIMENT_STEPS) {
      throw error(node, "method", "at most " + Limits.MAX_EXPERIMENT_STEPS + " steps, got " + items.size());
    }
    List<Step> steps = new ArrayList<>();
    long earliest = 0;
    for (int i = 0; i < items.size(); i++) {
      String path = "method[" + i + "]";
      YamlNode.Mapping m = mapping(items.get(i), path);
      onlyKeys(m, path, "name", "at", "run", "selector", "stages", "perf-data", "perf-data-samples");
      String name = optional(m, "name").map(n -> text(n, path + ".name")).orElse("step " + (i + 1));
      OptionalLong at = OptionalLong.empty();
      Optional<YamlNode> atNode = optional(m, "at");
      if (atNode.isPresent()) {
        long atNanos = duration(atNode.get(), path + ".at");
        if (atNanos < earliest) {
          throw error(atNode.get(), path + ".at", "must not be before the previous step's end ("
              + durationText(earliest) + "), got " + durationText(atNanos));
        }
        at = OptionalLong.of(atNanos);
      }
      Selector selector = selector(required(m, path, "selector"), path + ".selector", fleet);
      List<StageSize> stages = new ArrayList<>();
      Optional<YamlNode> stagesNode = optional(m, "stages");
      if (stagesNode.isPresent()) {
        stages = stages(stagesNode.get(), path + ".stages");
      }
      YamlNode run = required(m, path, "run");
      String line = text(run, path + ".run");
      long workload = workloadNanos(run, path + ".run", line, selector, fleet);
      earliest = at.orElse(earliest) + workload * Math.max(1, stages.size());
      steps.add(new Step(name, at, line, selector, stages, perfDataSamplesPerCpu(m, path)));
    }
    return steps;
  }

  /** A step's {@code perf-data} and {@code perf-data-samples}: samples per pCPU of each host's file, 0 for none. */
  private int perfDataSamplesPerCpu(YamlNode.Mapping m, String path) {
    boolean perfData = optional(m, "perf-data").map(n -> bool(n, path + ".perf-data")).orElse(false);
    Optional<YamlNode> samples = optional(m, "perf-data-samples");
    if (samples.isPresent() && !perfData) {
      throw error(samples.get(), path + ".perf-data-samples", "applies to a perf.data file: set perf-data: true");
    }
    return !perfData ? 0 : samples.map(n -> integer(n, path + ".perf-data-samples", 1,
        Limits.MAX_PERF_DATA_SAMPLES_PER_HOST)).orElse(Defaults.PERF_DATA_SAMPLES_PER_CPU);
  }

  /** The command's workload, checked by the parser of every perf installed on the hosts the step can select. */
  private long workloadNanos(YamlNode run, String path, String line, Selector selector, List<HostGroup> fleet) {
    Set<String> generations = new LinkedHashSet<>();
    fleet.stream().filter(g -> selector.groups().isEmpty() || selector.groups().contains(g.name()))
        .forEach(g -> generations.add(g.perf()));
    try {
      List<String> argv = SessionCoordinator.argv(new SessionRequest.CommandLine(line), path);
      return SessionCoordinator.work(argv, generations, path).workloadNanos();
    } catch (CoreError refused) {
      throw error(run, path, refused.detail());
    }
  }

  private Selector selector(YamlNode node, String path, List<HostGroup> fleet) {
    YamlNode.Mapping m = mapping(node, path);
    onlyKeys(m, path, "groups", "mode", "value");
    List<String> groups = new ArrayList<>();
    Optional<YamlNode> groupsNode = optional(m, "groups");
    if (groupsNode.isPresent()) {
      List<YamlNode> items = sequence(groupsNode.get(), path + ".groups").items();
      for (int i = 0; i < items.size(); i++) {
        String g = text(items.get(i), path + ".groups[" + i + "]");
        if (fleet.stream().noneMatch(h -> h.name().equals(g))) {
          throw error(items.get(i), path + ".groups[" + i + "]", "no host group '" + g + "' (groups: "
              + String.join(", ", fleet.stream().map(HostGroup::name).toList()) + ")");
        }
        groups.add(g);
      }
    }
    YamlNode modeNode = required(m, path, "mode");
    String word = text(modeNode, path + ".mode");
    Selector.Mode mode = Selector.Mode.ofWord(word).orElseThrow(() -> error(modeNode, path + ".mode",
        "unknown mode '" + word + "' (valid: " + Selector.Mode.words() + ")"));
    Optional<YamlNode> valueNode = optional(m, "value");
    double value = 0;
    if (mode.takesValue()) {
      YamlNode v = required(m, path, "value");
      value = mode == Selector.Mode.FIXED ? integer(v, path + ".value", 1, Limits.MAX_HOSTS)
          : percent(v, path + ".value");
      if (value == 0) {
        throw error(v, path + ".value", "must be within (0%, 100%]");
      }
    } else if (valueNode.isPresent()) {
      throw error(valueNode.get(), path + ".value", "mode '" + word + "' takes no value");
    }
    int pool = fleet.stream().filter(g -> groups.isEmpty() || groups.contains(g.name())).mapToInt(HostGroup::hosts)
        .sum();
    if (mode == Selector.Mode.FIXED && value > pool) {
      throw error(valueNode.get(), path + ".value", (int) value + " hosts asked, the selected groups have " + pool);
    }
    return new Selector(groups, mode, value);
  }

  private List<StageSize> stages(YamlNode node, String path) {
    List<YamlNode> items = sequence(node, path).items();
    if (items.isEmpty() || items.size() > Limits.MAX_ROLLOUT_STAGES) {
      throw error(node, path, "give 1.." + Limits.MAX_ROLLOUT_STAGES + " stages, got " + items.size());
    }
    List<StageSize> stages = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String p = path + "[" + i + "]";
      String t = text(item, p);
      StageSize stage = PERCENT.matcher(t).matches() ? new StageSize(true, percent(item, p))
          : new StageSize(false, integer(item, p, 1, Limits.MAX_HOSTS));
      if (stage.value() == 0) {
        throw error(item, p, "must be within (0%, 100%]");
      }
      stages.add(stage);
    }
    return stages;
  }

  // ---- scalars and shapes ----

  private YamlNode.Mapping mapping(YamlNode node, String path) {
    if (node instanceof YamlNode.Mapping m) {
      return m;
    }
    throw error(node, path.isEmpty() ? "" : path, "must be a mapping (KEY: VALUE lines)");
  }

  private YamlNode.Sequence sequence(YamlNode node, String path) {
    if (node instanceof YamlNode.Sequence s) {
      return s;
    }
    throw error(node, path, "must be a list (- ITEM lines)");
  }

  private void onlyKeys(YamlNode.Mapping m, String path, String... known) {
    List<String> valid = List.of(known);
    for (Map.Entry<String, Integer> key : m.keyLines().entrySet()) {
      if (!valid.contains(key.getKey())) {
        throw error(key.getValue(), (path.isEmpty() ? "" : path + ".") + key.getKey(), "unknown key (valid: "
            + String.join(", ", valid) + ")");
      }
    }
  }

  private YamlNode required(YamlNode.Mapping m, String path, String key) {
    YamlNode node = m.entries().get(key);
    if (node == null || node instanceof YamlNode.Scalar s && s.text() == null) {
      throw error(node == null ? m.line() : node.line(), (path.isEmpty() ? "" : path + ".") + key, "required");
    }
    return node;
  }

  private static Optional<YamlNode> optional(YamlNode.Mapping m, String key) {
    YamlNode node = m.entries().get(key);
    return node instanceof YamlNode.Scalar s && s.text() == null ? Optional.empty() : Optional.ofNullable(node);
  }

  private static int lineOf(YamlNode.Mapping m, String dottedPath) {
    YamlNode node = m;
    int line = m.line();
    for (String key : dottedPath.split("\\.")) {
      if (!(node instanceof YamlNode.Mapping mm) || !mm.entries().containsKey(key)) {
        break;
      }
      line = mm.keyLines().get(key);
      node = mm.entries().get(key);
    }
    return line;
  }

  private String text(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar s && s.text() != null && !s.text().isBlank()) {
      return s.text().trim();
    }
    throw error(node, path, "must be a non-empty text");
  }

  private int integer(YamlNode node, String path, int min, int max) {
    String t = text(node, path);
    long value;
    try {
      value = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw error(node, path, "must be a whole number, got '" + t + "'");
    }
    if (value < min || value > max) {
      throw error(node, path, "must be within " + min + ".." + max + ", got " + value);
    }
    return (int) value;
  }

  private long unsignedLong(YamlNode node, String path) {
    String t = text(node, path);
    try {
      return Long.parseUnsignedLong(t);
    } catch (NumberFormatException e) {
      throw error(node, path, "must be a whole number within 0.." + Long.toUnsignedString(-1L) + ", got '" + t + "'");
    }
  }

  private double number(YamlNode node, String path) {
    String t = text(node, path);
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error(node, path, "must be a number, got '" + t + "'");
    }
  }

  private boolean bool(YamlNode node, String path) {
    String t = text(node, path);
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    throw error(node, path, "must be true or false, got '" + t + "'");
  }

  /** {@code 99%} or a plain number, within 0..100. */
  private double percent(YamlNode node, String path) {
    String t = text(node, path);
    Matcher m = PERCENT.matcher(t);
    String digits = m.matches() ? m.group(1) : t;
    double value;
    try {
      value = Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      throw error(node, path, "must be a percentage like 20%, got '" + t + "'");
    }
    if (!(value >= 0 && value <= 100)) {
      throw error(node, path, "must be within 0%..100%, got " + t);
    }
    return value;
  }

  /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 100us}, {@code 50ns}; a plain number is seconds. */
  private long duration(YamlNode node, String path) {
    String t = text(node, path);
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw error(node, path, "must be a duration like 30s, 500ms, 2m or 1h, got '" + t + "'");
    }
    double nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> 1e9;
    };
    double nanos = Double.parseDouble(m.group(1)) * nanosPerUnit;
    if (nanos > 1e18) {
      throw error(node, path, "must be at most 1000000 hours, got " + t);
    }
    return Math.round(nanos);
  }

  /** {@code nanos} as the shortest exact duration text ({@code 30s}, {@code 1500ms}). */
  static String durationText(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] names = {"h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < units.length; i++) {
      if (nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    return nanos + "ns";
  }

  private CoreError error(YamlNode node, String path, String message) {
    return error(node == null ? 1 : node.line(), path, message);
  }

  private CoreError error(int line, String path, String message) {
    return CoreError.invalidInFile(file, line, path, message);
  }
}
