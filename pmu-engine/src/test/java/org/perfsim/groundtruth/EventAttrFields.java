package org.perfsim.groundtruth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * The event-derived fields of an attr in the form perf's {@code -vv} printer uses (zero fields are
 * not printed, config in hex, config1/config2 under their union names), for field-by-field
 * comparison with a block from {@link VerboseOutput}.
 */
public final class EventAttrFields {

  public static final String PERIOD = "{ sample_period, sample_freq }";

  /** The fields compared: everything the event string decides, nothing the tool adds. */
  public static final List<String> EVENT_FIELDS = List.of("type", "size", "config",
      "{ bp_addr, config1 }", "{ bp_len, config2 }", "pinned", "exclusive", "exclude_user",
      "exclude_kernel", "exclude_hv", "exclude_idle", "precise_ip", "exclude_host",
      "exclude_guest");

  private EventAttrFields() {}

  /** perfsim's attr rendered as perf prints the {@link #EVENT_FIELDS}. */
  public static Map<String, String> of(PerfEventAttr attr) {
    Map<String, String> fields = new LinkedHashMap<>();
    putNonZero(fields, "type", attr.type(), false);
    putNonZero(fields, "size", attr.size(), false);
    putNonZero(fields, "config", attr.config(), true);
    putNonZero(fields, "{ bp_addr, config1 }", attr.config1(), true);
    putNonZero(fields, "{ bp_len, config2 }", attr.config2(), true);
    for (AttrFlag flag : List.of(AttrFlag.PINNED, AttrFlag.EXCLUSIVE, AttrFlag.EXCLUDE_USER,
        AttrFlag.EXCLUDE_KERNEL, AttrFlag.EXCLUDE_HV, AttrFlag.EXCLUDE_IDLE)) {
      putNonZero(fields, flag.fieldName(), attr.has(flag) ? 1 : 0, false);
    }
    putNonZero(fields, "precise_ip", attr.preciseIp(), false);
    putNonZero(fields, "exclude_host", attr.has(AttrFlag.EXCLUDE_HOST) ? 1 : 0, false);
    putNonZero(fields, "exclude_guest", attr.has(AttrFlag.EXCLUDE_GUEST) ? 1 : 0, false);
    return fields;
  }

  /** The {@link #EVENT_FIELDS} of a printed block, in the same order. */
  public static Map<String, String> eventFieldsOf(Map<String, String> block) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String name : EVENT_FIELDS) {
      if (block.containsKey(name)) {
        fields.put(name, block.get(name));
      }
    }
    return fields;
  }

  private static void putNonZero(Map<String, String> fields, String name, long value, boolean hex) {
    if (value != 0) {
      fields.put(name, hex ? "0x" + Long.toHexString(value) : Long.toString(value));
    }
  }
}
