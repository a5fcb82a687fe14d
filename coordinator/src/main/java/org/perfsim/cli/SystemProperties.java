package org.perfsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -Dkey=value} among the arguments, as the README shows ({@code ./perfsim demo
 * -Dperfsim.fleet.guest.reboot.policy=after-delay}): set as a system property, as {@code java -Dkey=value}
 * would, so Typesafe Config's system-property overrides see it. {@code java -jar perfsim.jar ARGS} passes
 * everything after the jar to main, so without this picocli would refuse it as an unknown option.
 */
final class SystemProperties {
  private static final Pattern DEFINE = Pattern.compile("-D([^=\\s]+)=(.*)", Pattern.DOTALL);

  private SystemProperties() {}

  /** Sets every {@code -Dkey=value} before {@code --} (after it, the words are perf's); returns the rest. */
  static String[] apply(String[] args) {
    List<String> rest = new ArrayList<>();
    boolean perfsOwn = false;
    for (String arg : args) {
      Matcher define = DEFINE.matcher(arg);
      if (!perfsOwn && define.matches()) {
        System.setProperty(define.group(1), define.group(2));
      } else {
        perfsOwn |= arg.equals("--");
        rest.add(arg);
      }
    }
    if (rest.size() != args.length) {
      // ConfigFactory caches the system properties it saw first
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
    return rest.toArray(String[]::new);
  }
}
