package org.perfsim.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.perfsim.id.Identified;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The one reader (and writer) of kernel policy files: YAML, one policy per document ({@code ---} between
 * several), every knob given explicitly:
 *
 * <pre>
 * id: proposed-include-guest
 * description: "what it is"          # optional
 * attr-abi: linux-3.8-include-guest  # linux-3.6 | linux-3.8 | linux-3.8-include-guest | current
 * precise-limit: 2012                # 2012 | current
 * precise-open: include-guest-host-only  # allow | require-exclude-guest | include-guest-host-only
 * intel-vm-entry: pebs-off           # no-pebs-switch | pebs-off | mask | mask-never-pebs-enable-when-isolated
 * nmi-throttle-race: false           # true | false
 * </pre>
 *
 * It parses text a caller hands in (the CLI and the coordinator read files); values are taken as written
 * ({@code 3.6} is an id, not a number). Errors name the line and the field.
 */
public final class KernelPolicyFile {
  /** Ids go into comma lists and command lines: letters, digits, '.', '_' and '-'. */
  static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final String VALID_ID_TEXT = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

  private static final String ID = "id";
  private static final String DESCRIPTION = "description";
  private static final String ATTR_ABI = "attr-abi";
  private static final String PRECISE_LIMIT = "precise-limit";
  private static final String PRECISE_OPEN = "precise-open";
  private static final String INTEL_VM_ENTRY = "intel-vm-entry";
  private static final String NMI_THROTTLE_RACE = "nmi-throttle-race";
  private static final List<String> FIELDS = List.of(ID, DESCRIPTION, ATTR_ABI, PRECISE_LIMIT, PRECISE_OPEN,
      INTEL_VM_ENTRY, NMI_THROTTLE_RACE);

  private KernelPolicyFile() {}

  /**
   * The policies of {@code text}, in order.
   *
   * @param name what errors call the text (a path, an API field)
   * @param known the policies already known: an id among them (or twice in the text) is an error
   */
  public static List<KernelPolicy> parse(String name, String text, List<KernelPolicy> known)
      throws KernelPolicyFileException {
    List<KernelPolicy> taken = new ArrayList<>(known);
    List<KernelPolicy> out = new ArrayList<>();
    for (Node document : documents(name, text)) {
      KernelPolicy policy = policy(name, document, taken);
      taken.add(policy);
      out.add(policy);
    }
    if (out.isEmpty()) {
      throw new KernelPolicyFileException(name, 1, "", "no kernel policy in it (expected 'id: ...' and the "
          + "knobs " + String.join(", ", FIELDS.subList(2, FIELDS.size())) + ")");
    }
    return out;
  }

  /** {@code policy} as a policy file, which {@link #parse} reads back as an equal policy. */
  public static String write(KernelPolicy policy) {
    return ID + ": " + policy.id() + "\n"
        + DESCRIPTION + ": \"" + policy.description().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n"
        + ATTR_ABI + ": " + policy.attrAbi().id() + "\n"
        + PRECISE_LIMIT + ": " + policy.preciseLimit().id() + "\n"
        + PRECISE_OPEN + ": " + policy.preciseOpen().id() + "\n"
        + INTEL_VM_ENTRY + ": " + policy.intelVmEntry().id() + "\n"
        + NMI_THROTTLE_RACE + ": " + policy.nmiThrottleRace() + "\n";
  }

  /** The built-in policies from pmu-engine's own resource, read by the same {@link #parse} as a user's file. */
  static List<KernelPolicy> builtIns(String resource) {
    try (InputStream in = KernelPolicyFile.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return List.copyOf(parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (KernelPolicyFileException e) {
      throw new IllegalStateException("built-in kernel policies: " + e.getMessage(), e);
    }
  }

  private static List<Node> documents(String name, String text) throws KernelPolicyFileException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(0);
    List<Node> out = new ArrayList<>();
    try {
      for (Node n : new Yaml(options).composeAll(new StringReader(text))) {
        if (n != null) {
          out.add(n);
        }
      }
    } catch (MarkedYAMLException e) {
      // the context mark is where the broken construct starts (the line a person fixes); the problem mark
      // may be further on, where the parser gave up
      Mark mark = e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      throw new KernelPolicyFileException(name, line, "", "not YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new KernelPolicyFileException(name, 1, "", "not YAML: " + e.getMessage());
    }
    return out;
  }

  private static KernelPolicy policy(String name, Node document, List<KernelPolicy> taken)
      throws KernelPolicyFileException {
    int start = line(document);
    if (!(document instanceof MappingNode mapping)) {
      throw new KernelPolicyFileException(name, start, "", "a kernel policy is a mapping of "
          + String.join(", ", FIELDS));
    }
    Map<String, ScalarNode> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
      if (!FIELDS.contains(key)) {
        throw new KernelPolicyFileException(name, line(tuple.getKeyNode()), key,
            "unknown field; valid: " + String.join(", ", FIELDS));
      }
      if (fields.containsKey(key)) {
        throw new KernelPolicyFileException(name, line(tuple.getKeyNode()), key,
            "given twice (first on line " + line(fields.get(key)) + ")");
      }
      if (!(tuple.getValueNode() instanceof ScalarNode value)) {
        throw new KernelPolicyFileException(name, line(tuple.getValueNode()), key, "expected a single value");
      }
      fields.put(key, value);
    }
    String id = required(name, start, fields, ID, "the policy's name, " + VALID_ID_TEXT).getValue().trim();
    if (!VALID_ID.matcher(id).matches()) {
      throw new KernelPolicyFileException(name, line(fields.get(ID)), ID, "\"" + id + "\": " + VALID_ID_TEXT);
    }
    Optional<KernelPolicy> clash = Identified.byId(taken.toArray(KernelPolicy[]::new), id);
    if (clash.isPresent()) {
      boolean builtIn = KernelPolicy.builtIns() != null && KernelPolicy.builtIns().contains(clash.get());
      throw new KernelPolicyFileException(name, line(fields.get(ID)), ID, "\"" + id + "\" is "
          + (builtIn ? "a built-in kernel policy" : "already defined") + "; choose another id");
    }
    ScalarNode description = fields.get(DESCRIPTION);
    return new KernelPolicy(id, description == null ? "" : description.getValue(),
        knob(name, start, fields, ATTR_ABI, PolicyAttrAbi.values()),
        knob(name, start, fields, PRECISE_LIMIT, PreciseLimit.values()),
        knob(name, start, fields, PRECISE_OPEN, PreciseOpen.values()),
        knob(name, start, fields, INTEL_VM_ENTRY, IntelVmEntry.values()),
        flag(name, start, fields, NMI_THROTTLE_RACE));
  }

  private static <T extends Identified> T knob(String name, int start, Map<String, ScalarNode> fields,
      String field, T[] values) throws KernelPolicyFileException {
    String valid = Identified.validIds(values);
    ScalarNode node = required(name, start, fields, field, "valid: " + valid);
    Optional<T> value = Identified.byId(values, node.getValue());
    if (value.isEmpty()) {
      throw new KernelPolicyFileException(name, line(node), field,
          "unknown value \"" + node.getValue() + "\"; valid: " + valid);
    }
    return value.get();
  }

  private static boolean flag(String name, int start, Map<String, ScalarNode> fields, String field)
      throws KernelPolicyFileException {
    ScalarNode node = required(name, start, fields, field, "valid: true, false");
    return switch (node.getValue().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new KernelPolicyFileException(name, line(node), field,
          "unknown value \"" + node.getValue() + "\"; valid: true, false");
    };
  }

  private static ScalarNode required(String name, int start, Map<String, ScalarNode> fields, String field,
      String hint) throws KernelPolicyFileException {
    ScalarNode node = fields.get(field);
    if (node == null) {
      throw new KernelPolicyFileException(name, start, field, "missing (" + hint + ")");
    }
    return node;
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }
}
