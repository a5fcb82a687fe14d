package org.perfsim.session;

import java.util.List;
import java.util.stream.IntStream;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.perfdata.PerfDataSession;
import org.perfsim.perfdata.PerfDataWriter;
import org.perfsim.perfdata.SampleRecorder;

/** A finished session as the perf.data file perf would have written on its host. */
final class SessionPerfData {
  private SessionPerfData() {}

  static PerfDataFile write(RunningSession running, SessionResult result, List<String> argv, SampleRecorder samples) {
    HostSpec spec = running.spec();
    List<PerfDataSession.Event> events = running.opened().stream()
        .map(o -> new PerfDataSession.Event(o.event().name(), o.opened().get(0).attr()))
        .toList();
    long[] periods = IntStream.range(0, spec.pcpus()).mapToLong(running::samplePeriod).toArray();
    PerfDataSession session = new PerfDataSession(spec.hostId(), "perfsim-" + spec.kernel().id(),
        spec.cpu().displayName(), argv, events, samples, periods, running.startNanos(), running.endNanos(),
        result.pebsRecordsIntoGuests());
    return new PerfDataFile(PerfDataWriter.toBytes(session));
  }
}
