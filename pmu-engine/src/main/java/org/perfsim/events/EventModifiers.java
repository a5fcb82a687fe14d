package org.perfsim.events;

/**
 * The modifiers of one event and what perf made of them (the evsel state besides the attr bits).
 *
 * @param raw           the event's own modifier string as typed ({@code "ppH"} for {@code cycles:ppH}),
 *                      empty if none
 * @param groupRaw      the enclosing group's modifier string ({@code "u"} for {@code {a,b}:u}), empty
 *                      if none
 * @param preciseLevel  the precise level the modifiers asked for ({@code p} count, group and event
 *                      added); the attr may say 3 instead when {@link #preciseMax()} is set
 * @param preciseMax    {@code P}: perf record sends precise_ip=3 and lowers it on EOPNOTSUPP
 * @param sampleRead    {@code S}: the tool package turns it into PERF_SAMPLE_READ and a group read
 * @param pinned        {@code D} on a group leader (attr.pinned)
 * @param weakGroup     {@code W}: perf may break the group up when it cannot be scheduled
 * @param exclusive     {@code e} on a group leader (attr.exclusive)
 * @param excludeIdle   {@code I} (attr.exclude_idle)
 * @param bpfCounter    {@code b}: count with a BPF program (perf stat)
 * @param explicitGuest {@code G} was given (event or group)
 * @param explicitHost  {@code H} was given (event or group)
 */
public record EventModifiers(
    String raw,
    String groupRaw,
    int preciseLevel,
    boolean preciseMax,
    boolean sampleRead,
    boolean pinned,
    boolean weakGroup,
    boolean exclusive,
    boolean excludeIdle,
    boolean bpfCounter,
    boolean explicitGuest,
    boolean explicitHost) {

  public static final EventModifiers NONE =
      new EventModifiers("", "", 0, false, false, false, false, false, false, false, false, false);

  /** Every modifier letter seen, the event's then the group's, e.g. {@code "ppHu"}. */
  public String seen() {
    return raw + groupRaw;
  }

  /** Whether {@code letter} was given to this event or its group. */
  public boolean has(char letter) {
    return seen().indexOf(letter) >= 0;
  }

  /** {@code G} or {@code H} was given, which keeps perf from choosing exclude_guest itself. */
  public boolean explicitGuestOrHost() {
    return explicitGuest || explicitHost;
  }
}
