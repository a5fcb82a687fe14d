package org.perfsim.perfdata;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;

/**
 * Writes a session as a perf.data file in perf's own format (tools/perf/util/header.c: struct
 * perf_file_header "PERFILE2", the attr section with each attr's ids, the data section of records as
 * include/uapi/linux/perf_event.h lays them out, then the feature sections). What is written and what is
 * not: docs/PERF-DATA.md.
 */
public final class PerfDataWriter {
  static final long MAGIC = 0x32454c4946524550L; // "PERFILE2", little-endian
  static final int FILE_HEADER_BYTES = 104;
  static final int FEATURE_BITS = 256;

  // record types (enum perf_event_type)
  static final int RECORD_MMAP = 1;
  static final int RECORD_COMM = 3;
  static final int RECORD_SAMPLE = 9;
  static final int RECORD_MMAP2 = 10;
  static final int RECORD_LOST_SAMPLES = 13;

  // header.misc
  static final int MISC_KERNEL = 1;
  static final int MISC_USER = 2;
  static final int MISC_GUEST_KERNEL = 4;
  static final int MISC_GUEST_USER = 5;
  static final int MISC_EXACT_IP = 1 << 14;

  // feature bits (enum HEADER_*, tools/perf/util/header.h)
  static final int FEAT_HOSTNAME = 3;
  static final int FEAT_OSRELEASE = 4;
  static final int FEAT_VERSION = 5;
  static final int FEAT_ARCH = 6;
  static final int FEAT_NRCPUS = 7;
  static final int FEAT_CPUDESC = 8;
  static final int FEAT_CMDLINE = 11;
  static final int FEAT_EVENT_DESC = 12;
  static final int FEAT_SAMPLE_TIME = 21;
  /** perf aligns the strings of its feature sections to 64 bytes (NAME_ALIGN). */
  private static final int NAME_ALIGN = 64;

  private static final int PROT_READ_EXEC = 0x5;
  private static final int MAP_PRIVATE = 0x2;

  private final PerfDataSession session;
  private final SimulatedTasks tasks;
  private final long sampleType;
  private final boolean sampleIdAll;
  private final long[][] ids;

  private PerfDataWriter(PerfDataSession session) {
    this.session = session;
    this.tasks = new SimulatedTasks(session.samples().cpus());
    PerfEventAttr first = session.events().get(0).attr();
    this.sampleType = first.sampleType();
    this.sampleIdAll = first.has(AttrFlag.SAMPLE_ID_ALL);
    int cpus = session.samples().cpus();
    this.ids = new long[session.events().size()][cpus];
    for (int e = 0; e < ids.length; e++) {
      for (int c = 0; c < cpus; c++) {
        ids[e][c] = 1 + (long) e * cpus + c; // one event id per event and CPU, as perf opens them
      }
    }
  }

  /** The whole file for {@code session}. */
  public static byte[] toBytes(PerfDataSession session) {
    return new PerfDataWriter(session).build().toArray();
  }

  /** Writes the file for {@code session} to {@code out} (not closed). */
  public static void write(PerfDataSession session, OutputStream out) throws IOException {
    out.write(toBytes(session));
  }

  private LittleEndianBytes build() {
    LittleEndianBytes idBytes = new LittleEndianBytes();
    for (long[] eventIds : ids) {
      for (long id : eventIds) {
        idBytes.u64(id);
      }
    }
    long idsOffset = FILE_HEADER_BYTES;
    long attrsOffset = idsOffset + idBytes.size();
    LittleEndianBytes attrs = new LittleEndianBytes();
    int attrEntryBytes = 0;
    for (int e = 0; e < ids.length; e++) {
      byte[] attr = AttrCodec.encode(session.events().get(e).attr());
      attrEntryBytes = attr.length + 16;
      attrs.bytes(attr).u64(idsOffset + (long) e * ids[e].length * 8).u64(ids[e].length * 8L);
    }
    LittleEndianBytes data = dataSection();
    long dataOffset = attrsOffset + attrs.size();
    List<Integer> features = List.of(FEAT_HOSTNAME, FEAT_OSRELEASE, FEAT_VERSION, FEAT_ARCH, FEAT_NRCPUS,
        FEAT_CPUDESC, FEAT_CMDLINE, FEAT_EVENT_DESC, FEAT_SAMPLE_TIME);
    List<LittleEndianBytes> sections = new ArrayList<>();
    for (int feature : features) {
      sections.add(feature(feature));
    }
    LittleEndianBytes out = new LittleEndianBytes();
    out.u64(MAGIC).u64(FILE_HEADER_BYTES).u64(attrEntryBytes);
    out.u64(attrsOffset).u64(attrs.size());
    out.u64(dataOffset).u64(data.size());
    out.u64(0).u64(0); // event_types: unused since perf 2.6.3x
    long[] bitmap = new long[FEATURE_BITS / 64];
    for (int feature : features) {
      bitmap[feature / 64] |= 1L << (feature % 64);
    }
    for (long word : bitmap) {
      out.u64(word);
    }
    out.bytes(idBytes).bytes(attrs).bytes(data);
    // the feature index follows the data section at once: perf finds it at data.offset + data.size
    long sectionOffset = out.size() + 16L * sections.size();
    for (LittleEndianBytes section : sections) {
      out.u64(sectionOffset).u64(section.size());
      sectionOffset += section.size();
    }
    sections.forEach(out::bytes);
    return out;
  }

  private LittleEndianBytes dataSection() {
    LittleEndianBytes data = new LittleEndianBytes();
    SampleRecorder samples = session.samples();
    long t0 = session.startNanos();
    // what perf record synthesizes first: the kernel map, then every task's comm and its text map
    mmapKernel(data, t0);
    for (int c = 0; c < samples.cpus(); c++) {
      comm(data, SimulatedTasks.HOST_PID, tasks.hostTid(c), SimulatedTasks.HOST_COMM, c, t0);
      mmap2(data, SimulatedTasks.HOST_PID, tasks.hostTid(c), SimulatedTasks.HOST_TASK_FILE, c, t0);
    }
    // a guest's vCPU threads only where they took a sample: guests times pCPUs could be 65,536 pairs
    java.util.BitSet announced = new java.util.BitSet();
    for (int c = 0; c < samples.cpus(); c++) {
      for (int i = 0; i < samples.kept(c); i++) {
        int g = samples.context(c, i);
        if (g != SampleRecorder.HOST && !announced.get(g * samples.cpus() + c)) {
          announced.set(g * samples.cpus() + c);
          comm(data, tasks.guestPid(g), tasks.guestTid(g, c), SimulatedTasks.guestComm(g), c, t0);
          mmap2(data, tasks.guestPid(g), tasks.guestTid(g, c), SimulatedTasks.QEMU_FILE, c, t0);
        }
      }
    }
    for (int c = 0; c < samples.cpus(); c++) {
      for (int i = 0; i < samples.kept(c); i++) {
        sample(data, c, samples.time(c, i), samples.context(c, i), samples.user(c, i), samples.exact(c, i));
      }
    }
    if (session.recordsIntoGuests() > 0) {
      int start = begin(data, RECORD_LOST_SAMPLES, MISC_KERNEL);
      data.u64(session.recordsIntoGuests());
      sampleId(data, SimulatedTasks.HOST_PID, tasks.hostTid(0), session.endNanos(), 0);
      end(data, start);
    }
    return data;
  }

  private void sample(LittleEndianBytes data, int cpu, long time, int context, boolean user, boolean exact) {
    boolean host = context == SampleRecorder.HOST;
    int mode = host ? (user ? MISC_USER : MISC_KERNEL) : (user ? MISC_GUEST_USER : MISC_GUEST_KERNEL);
    long ip = host ? (user ? SimulatedTasks.HOST_USER_IP : SimulatedTasks.HOST_KERNEL_IP)
        : (user ? SimulatedTasks.GUEST_USER_IP : SimulatedTasks.GUEST_KERNEL_IP);
    int start = begin(data, RECORD_SAMPLE, mode | (exact ? MISC_EXACT_IP : 0));
    long id = ids[0][cpu];
    long period = session.periods()[cpu];
    if (has(SampleType.IDENTIFIER)) {
      data.u64(id);
    }
    if (has(SampleType.IP)) {
      data.u64(ip);
    }
    if (has(SampleType.TID)) {
      data.u32(tasks.pid(context)).u32(tasks.tid(context, cpu));
    }
    if (has(SampleType.TIME)) {
      data.u64(time);
    }
    if (has(SampleType.ADDR)) {
      data.u64(0);
    }
    if (has(SampleType.ID)) {
      data.u64(id);
    }
    if (has(SampleType.STREAM_ID)) {
      data.u64(id);
    }
    if (has(SampleType.CPU)) {
      data.u32(cpu).u32(0);
    }
    if (has(SampleType.PERIOD)) {
      data.u64(period);
    }
    if (has(SampleType.READ)) {
      readValues(data, id, period);
    }
    if (has(SampleType.CALLCHAIN)) {
      // the one entry perf's unwinder needs: the context marker and the sampled ip
      data.u64(2).u64(callchainContext(host, user)).u64(ip);
    }
    if (has(SampleType.RAW)) {
      data.u32(4).u32(0); // no raw data: size 4 of zeros keeps the record 8-byte aligned
    }
    if (has(SampleType.BRANCH_STACK)) {
      data.u64(0);
      if ((session.events().get(0).attr().branchSampleType() & BRANCH_HW_INDEX) != 0) {
        data.u64(-1); // hw_idx: unknown
      }
    }
    if (has(SampleType.REGS_USER)) {
      data.u64(0); // PERF_SAMPLE_REGS_ABI_NONE: no registers follow
    }
    if (has(SampleType.STACK_USER)) {
      data.u64(0); // size 0: no stack, no dyn_size
    }
    if (has(SampleType.WEIGHT) || has(SampleType.WEIGHT_STRUCT)) {
      data.u64(0);
    }
    if (has(SampleType.DATA_SRC)) {
      data.u64(0);
    }
    if (has(SampleType.TRANSACTION)) {
      data.u64(0);
    }
    if (has(SampleType.REGS_INTR)) {
      data.u64(0);
    }
    if (has(SampleType.PHYS_ADDR)) {
      data.u64(0);
    }
    if (has(SampleType.CGROUP)) {
      data.u64(0);
    }
    if (has(SampleType.DATA_PAGE_SIZE)) {
      data.u64(0);
    }
    if (has(SampleType.CODE_PAGE_SIZE)) {
      data.u64(4096);
    }
    if (has(SampleType.AUX)) {
      data.u64(0);
    }
    end(data, start);
  }

  private static final long BRANCH_HW_INDEX = 1L << 17; // PERF_SAMPLE_BRANCH_HW_INDEX
  private static final long CONTEXT_KERNEL = -128L; // PERF_CONTEXT_KERNEL
  private static final long CONTEXT_USER = -512L; // PERF_CONTEXT_USER
  private static final long CONTEXT_GUEST_KERNEL = -2176L; // PERF_CONTEXT_GUEST_KERNEL
  private static final long CONTEXT_GUEST_USER = -2560L; // PERF_CONTEXT_GUEST_USER

  private static long callchainContext(boolean host, boolean user) {
    return host ? (user ? CONTEXT_USER : CONTEXT_KERNEL) : (user ? CONTEXT_GUEST_USER : CONTEXT_GUEST_KERNEL);
  }

  /** A READ sample part as read_format lays it out, the event's count being one period. */
  private void readValues(LittleEndianBytes data, long id, long period) {
    long format = session.events().get(0).attr().readFormat();
    boolean group = (format & ReadFormat.GROUP.mask()) != 0;
    if (group) {
      data.u64(1);
    } else {
      data.u64(period);
    }
    if ((format & ReadFormat.TOTAL_TIME_ENABLED.mask()) != 0) {
      data.u64(session.endNanos() - session.startNanos());
    }
    if ((format & ReadFormat.TOTAL_TIME_RUNNING.mask()) != 0) {
      data.u64(session.endNanos() - session.startNanos());
    }
    if (group) {
      data.u64(period);
    }
    if ((format & ReadFormat.ID.mask()) != 0) {
      data.u64(id);
    }
    if ((format & ReadFormat.LOST.mask()) != 0) {
      data.u64(0);
    }
  }

  private void mmapKernel(LittleEndianBytes data, long time) {
    int start = begin(data, RECORD_MMAP, MISC_KERNEL);
    data.u32(-1).u32(0);
    data.u64(SimulatedTasks.KERNEL_TEXT).u64(SimulatedTasks.KERNEL_TEXT_LENGTH).u64(SimulatedTasks.KERNEL_TEXT);
    data.cString("[kernel.kallsyms]_text", 8);
    sampleId(data, -1, 0, time, 0);
    end(data, start);
  }

  private void comm(LittleEndianBytes data, int pid, int tid, String comm, int cpu, long time) {
    int start = begin(data, RECORD_COMM, 0);
    data.u32(pid).u32(tid).cString(comm, 8);
    sampleId(data, pid, tid, time, cpu);
    end(data, start);
  }

  private void mmap2(LittleEndianBytes data, int pid, int tid, String file, int cpu, long time) {
    int start = begin(data, RECORD_MMAP2, MISC_USER);
    data.u32(pid).u32(tid);
    data.u64(SimulatedTasks.USER_TEXT).u64(SimulatedTasks.USER_TEXT_LENGTH).u64(0);
    data.u32(0).u32(0).u64(0).u64(0); // maj, min, ino, ino_generation: no real file behind it
    data.u32(PROT_READ_EXEC).u32(MAP_PRIVATE);
    data.cString(file, 8);
    sampleId(data, pid, tid, time, cpu);
    end(data, start);
  }

  /** The sample_id trailer of a non-sample record (attr.sample_id_all), in perf_event.h's order. */
  private void sampleId(LittleEndianBytes data, int pid, int tid, long time, int cpu) {
    if (!sampleIdAll) {
      return;
    }
    long id = ids[0][Math.max(cpu, 0)];
    if (has(SampleType.TID)) {
      data.u32(pid).u32(tid);
    }
    if (has(SampleType.TIME)) {
      data.u64(time);
    }
    if (has(SampleType.ID)) {
      data.u64(id);
    }
    if (has(SampleType.STREAM_ID)) {
      data.u64(id);
    }
    if (has(SampleType.CPU)) {
      data.u32(cpu).u32(0);
    }
    if (has(SampleType.IDENTIFIER)) {
      data.u64(id);
    }
  }

  private boolean has(SampleType bit) {
    return (sampleType & bit.mask()) != 0;
  }

  private static int begin(LittleEndianBytes data, int type, int misc) {
    int start = data.size();
    data.u32(type).u16(misc).u16(0);
    return start;
  }

  private static void end(LittleEndianBytes data, int start) {
    data.putU16(start + 6, data.size() - start);
  }

  private LittleEndianBytes feature(int feature) {
    LittleEndianBytes f = new LittleEndianBytes();
    SampleRecorder samples = session.samples();
    switch (feature) {
      case FEAT_HOSTNAME -> string(f, session.hostname());
      case FEAT_OSRELEASE -> string(f, session.osRelease());
      case FEAT_VERSION -> string(f, "perfsim");
      case FEAT_ARCH -> string(f, "x86_64");
      case FEAT_NRCPUS -> f.u32(samples.cpus()).u32(samples.cpus());
      case FEAT_CPUDESC -> string(f, session.cpuDescription());
      case FEAT_CMDLINE -> {
        List<String> words = new ArrayList<>(session.cmdline());
        words.add(PerfDataNote.of(samples));
        f.u32(words.size());
        words.forEach(w -> string(f, w));
      }
      case FEAT_EVENT_DESC -> {
        f.u32(ids.length).u32(AttrCodec.encode(session.events().get(0).attr()).length);
        for (int e = 0; e < ids.length; e++) {
          f.bytes(AttrCodec.encode(session.events().get(e).attr())).u32(ids[e].length);
          string(f, session.events().get(e).name());
          for (long id : ids[e]) {
            f.u64(id);
          }
        }
      }
      case FEAT_SAMPLE_TIME -> f.u64(session.startNanos()).u64(session.endNanos());
      default -> throw new IllegalArgumentException("feature " + feature);
    }
    return f;
  }

  /** struct perf_header_string: u32 length (with NUL and padding), then the padded string. */
  private static void string(LittleEndianBytes f, String s) {
    LittleEndianBytes padded = new LittleEndianBytes().cString(s, NAME_ALIGN);
    f.u32(padded.size()).bytes(padded);
  }
}
