package org.perfsim.coordinator.core.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.coordinator.core.experiment.Experiment.HostGroup;
import org.perfsim.coordinator.core.experiment.Experiment.Step;

/**
 * An experiment written back in its own file format with every default filled in ({@code experiment.yaml} of a
 * results folder): what ran, whatever the defaults are when it is read again. {@link ExperimentReader} reads
 * it back to the same {@link Experiment}.
 */
public final class ResolvedExperiment {
  private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  private ResolvedExperiment() {}

  public static String yaml(Experiment e) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("title", e.title());
    if (!e.description().isEmpty()) {
      top.put("description", e.description());
    }
    top.put("seed", e.seed() >= 0 ? (Object) e.seed() : Long.toUnsignedString(e.seed()));
    top.put("repetitions", e.repetitions());
    top.put("fleet", e.fleet().stream().map(ResolvedExperiment::group).toList());
    Map<String, Object> hypothesis = new LinkedHashMap<>();
    hypothesis.put("title", e.hypothesis().title());
    hypothesis.put("guests-running-at-least", Percent.text(e.hypothesis().minGuestsRunningPercent()));
    top.put("steady-state-hypothesis", hypothesis);
    top.put("method", e.method().stream().map(ResolvedExperiment::step).toList());
    if (!e.abortWhen().isEmpty()) {
      top.put("abort-when", e.abortWhen().stream().map(a -> Map.of("guests-panicked-more-than",
          Percent.text(a.maxGuestsPanickedPercent()))).toList());
    }
    top.put("rollback", Map.of("reboot-panicked-guests", e.rollback().rebootPanickedGuests()));
    try {
      return YAML.writeValueAsString(top);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static Map<String, Object> group(HostGroup g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", g.name());
    m.put("hosts", g.hosts());
    m.put("cpu", g.cpu());
    m.put("kernel", g.kernel());
    m.put("perf", g.perf());
    m.put("pcpus", g.pcpus());
    m.put("guests-per-host", g.guestsPerHost());
    Map<String, Object> guest = new LinkedHashMap<>();
    guest.put("vcpus", g.guestVcpus());
    guest.put("memory-mib", g.guestMemoryMib());
    guest.put("busy-share", g.busyShare());
    g.layout().ifPresent(l -> {
      Map<String, Object> layout = new LinkedHashMap<>();
      layout.put("kernel-text-mib", l.kernelTextMib());
      layout.put("kernel-data-mib", l.kernelDataMib());
      layout.put("page-tables-mib", l.pageTablesMib());
      layout.put("user-mib", l.userMib());
      guest.put("layout", layout);
    });
    m.put("guest", guest);
    if (g.reboot().afterDelay()) {
      Map<String, Object> reboot = new LinkedHashMap<>();
      reboot.put("after", ExperimentReader.durationText(g.reboot().delayNanos()));
      reboot.put("boot-time", ExperimentReader.durationText(g.reboot().bootNanos()));
      m.put("reboot", reboot);
    } else {
      m.put("reboot", "never");
    }
    return m;
  }

  private static Map<String, Object> step(Step s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    s.atNanos().ifPresent(at -> m.put("at", ExperimentReader.durationText(at)));
    m.put("run", s.commandLine());
    Map<String, Object> selector = new LinkedHashMap<>();
    if (!s.selector().groups().isEmpty()) {
      selector.put("groups", s.selector().groups());
    }
    selector.put("mode", s.selector().mode().word());
    if (s.selector().mode() == Experiment.Selector.Mode.FIXED) {
      selector.put("value", (int) s.selector().value());
    } else if (s.selector().mode().takesValue()) {
      selector.put("value", Percent.text(s.selector().value()));
    }
    m.put("selector", selector);
    if (!s.stages().isEmpty()) {
      List<Object> stages = new ArrayList<>();
      s.stages().forEach(st -> stages.add(st.percent() ? st.toString() : (Object) (int) st.value()));
      m.put("stages", stages);
    }
    if (s.perfData()) {
      m.put("perf-data", true);
      m.put("perf-data-samples", s.perfDataSamplesPerCpu());
    }
    return m;
  }
}
