package org.perfsim.events;

import java.util.List;
import java.util.Optional;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * perf's {@code parse_events_add_*} for the event kinds perfsim models: each builds one evsel from a
 * parsed definition and applies its config terms ({@code config_term_common}, and for the cpu PMU
 * {@code perf_pmu__config}), reporting perf's errors at perf's columns.
 */
final class EventDefinitions {

  /** perf's help for "unknown term" on a non-PMU event. */
  static final String COMMON_TERMS = "config,config1,config2,name,period,percore,metric-id";

  private final String input;
  private final PerfGeneration generation;

  EventDefinitions(String input, PerfGeneration generation) {
    this.input = input;
    this.generation = generation;
  }

  EventDraft numeric(int type, long config, List<ConfigTerm> terms) throws EventSyntaxException {
    EventDraft event = draft(type, config);
    applyCommonTerms(event, terms);
    return event;
  }

  EventDraft symbol(SymbolicEvent symbol, List<ConfigTerm> terms) throws EventSyntaxException {
    return numeric(symbol.attrType(), symbol.config(), terms);
  }

  EventDraft cache(String typedName, String cacheWord, List<String> opResultWords,
      List<ConfigTerm> terms) throws EventSyntaxException {
    Optional<Long> config = CacheEvent.config(cacheWord, opResultWords);
    if (config.isEmpty()) {
      throw new EventSyntaxException(EventSyntaxError.unreported(input,
          "perf aborts without a report: " + typedName + " names an op its cache does not have"));
    }
    EventDraft event = numeric(PerfEventAttr.TYPE_HW_CACHE, config.get(), terms);
    event.nameIfUnset(typedName);
    return event;
  }

  /** {@code pmu/terms/}: only the Intel {@code cpu} PMU exists on perfsim's host. */
  EventDraft pmu(String pmuName, List<ConfigTerm> terms) throws EventSyntaxException {
    if (!CpuPmuFormat.PMU_NAME.equals(pmuName)) {
      throw fail(0, "Cannot find PMU `" + pmuName + "'. Missing kernel support?");
    }
    EventDraft event = draft(CpuPmuFormat.TYPE, 0);
    for (ConfigTerm term : terms) {
      if (term.hardcoded()) {
        applyCommonTerm(event, term);
      }
    }
    for (ConfigTerm term : terms) {
      if (!term.hardcoded()) {
        applyFormatTerm(event, term);
      }
    }
    return event;
  }

  private void applyFormatTerm(EventDraft event, ConfigTerm term) throws EventSyntaxException {
    Optional<CpuPmuFormat> format = CpuPmuFormat.byTermName(term.name());
    if (format.isEmpty()) {
      throw fail(term.termColumn(), "unknown term '" + term.name() + "' for pmu 'cpu'");
    }
    if (!term.isNumeric()) {
      throw fail(term.valueColumn(), "expected numeric value");
    }
    long max = format.get().maxValue();
    if (Long.compareUnsigned(term.number(), max) > 0) {
      throw fail(term.valueColumn(), "value too big for format, maximum is " + max);
    }
    PerfEventAttr built = event.attr.build();
    event.attr.config(built.config() | format.get().encode(term.number()));
  }

  private void applyCommonTerms(EventDraft event, List<ConfigTerm> terms)
      throws EventSyntaxException {
    for (ConfigTerm term : terms) {
      if (!term.hardcoded()) {
        throw fail(term.termColumn(), "unknown term");
      }
      applyCommonTerm(event, term);
    }
  }

  /** perf's config_term_common, for perf record: period and freq land in the attr. */
  private void applyCommonTerm(EventDraft event, ConfigTerm term) throws EventSyntaxException {
    switch (term.name()) {
      case "config": event.attr.config(number(term)); break;
      case "config1": event.attr.config1(number(term)); break;
      case "config2": event.attr.config2(number(term)); break;
      case "period":
        event.attr.samplePeriodOrFreq(number(term)).flag(AttrFlag.FREQ, false);
        break;
      case "freq":
        event.attr.samplePeriodOrFreq(number(term)).flag(AttrFlag.FREQ, true);
        break;
      case "name": event.nameIfUnset(string(term)); break;
      case "metric-id": case "branch_type": case "call-graph": string(term); break;
      case "time": case "percore": zeroOrOne(term); break;
      default: number(term); break;
    }
  }

  private long number(ConfigTerm term) throws EventSyntaxException {
    if (!term.isNumeric()) {
      throw fail(term.valueColumn(), "expected numeric value");
    }
    return term.number();
  }

  private String string(ConfigTerm term) throws EventSyntaxException {
    if (term.isNumeric()) {
      throw fail(term.valueColumn(), "expected string value");
    }
    return term.string();
  }

  private void zeroOrOne(ConfigTerm term) throws EventSyntaxException {
    if (Long.compareUnsigned(number(term), 1) > 0) {
      throw fail(term.valueColumn(), "expected 0 or 1");
    }
  }

  private EventDraft draft(int type, long config) {
    PerfEventAttr.Builder attr = PerfEventAttr.builder()
        .type(type)
        .size(generation.attrSize().bytes())
        .config(config);
    return new EventDraft(attr, generation);
  }

  private EventSyntaxException fail(int position, String message) {
    return new EventSyntaxException(new EventSyntaxError(input, position, message));
  }
}
