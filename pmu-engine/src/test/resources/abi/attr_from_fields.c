/*
 * Ground truth for perfsim's attr layout: fills struct perf_event_attr from the installed kernel header
 * field by field (bitfields by name) and prints the struct's bytes as hex, one line per input line.
 * Input line: type size config sample_period sample_type read_format flags wakeup_events bp_type
 * config1 config2 branch_sample_type sample_regs_user sample_stack_user clockid sample_regs_intr
 * aux_watermark sample_max_stack aux_sample_size sig_data   (decimal, flags = the u64 at offset 40)
 */
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>

#define BIT(n) ((unsigned)((flags >> (n)) & 1u))

int main(void) {
  unsigned long long v[20];
  while (1) {
    for (int i = 0; i < 20; i++) {
      if (scanf("%llu", &v[i]) != 1) return 0;
    }
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    unsigned long long flags = v[6];
    a.type = (unsigned)v[0];
    a.size = (unsigned)v[1];
    a.config = v[2];
    a.sample_period = v[3];
    a.sample_type = v[4];
    a.read_format = v[5];
    a.disabled = BIT(0); a.inherit = BIT(1); a.pinned = BIT(2); a.exclusive = BIT(3);
    a.exclude_user = BIT(4); a.exclude_kernel = BIT(5); a.exclude_hv = BIT(6); a.exclude_idle = BIT(7);
    a.mmap = BIT(8); a.comm = BIT(9); a.freq = BIT(10); a.inherit_stat = BIT(11);
    a.enable_on_exec = BIT(12); a.task = BIT(13); a.watermark = BIT(14);
    a.precise_ip = (unsigned)((flags >> 15) & 3u);
    a.mmap_data = BIT(17); a.sample_id_all = BIT(18); a.exclude_host = BIT(19); a.exclude_guest = BIT(20);
    a.exclude_callchain_kernel = BIT(21); a.exclude_callchain_user = BIT(22); a.mmap2 = BIT(23);
    a.comm_exec = BIT(24); a.use_clockid = BIT(25); a.context_switch = BIT(26); a.write_backward = BIT(27);
    a.namespaces = BIT(28); a.ksymbol = BIT(29); a.bpf_event = BIT(30); a.aux_output = BIT(31);
    a.cgroup = BIT(32); a.text_poke = BIT(33); a.build_id = BIT(34); a.inherit_thread = BIT(35);
    a.remove_on_exec = BIT(36); a.sigtrap = BIT(37);
    a.wakeup_events = (unsigned)v[7];
    a.bp_type = (unsigned)v[8];
    a.config1 = v[9];
    a.config2 = v[10];
    a.branch_sample_type = v[11];
    a.sample_regs_user = v[12];
    a.sample_stack_user = (unsigned)v[13];
    a.clockid = (int)v[14];
    a.sample_regs_intr = v[15];
    a.aux_watermark = (unsigned)v[16];
    a.sample_max_stack = (unsigned short)v[17];
    a.aux_sample_size = (unsigned)v[18];
    a.sig_data = v[19];
    const unsigned char *p = (const unsigned char *)&a;
    for (size_t i = 0; i < sizeof a; i++) printf("%02x", p[i]);
    printf("\n");
    fflush(stdout);
  }
}
