/**
 * The emulated x86 PMU of one physical CPU: MSRs, counters, the DS save area, the PEBS assist and PMIs,
 * driven in batched slices of execution ({@link org.perfsim.pmu.EmulatedPmu}).
 *
 * <p>What perfsim models, and where it simplifies:
 *
 * <ul>
 *   <li>Every CPU model is driven through the Intel architectural MSR numbers (IA32_PERFEVTSELx, IA32_PMCx,
 *       fixed counters, GLOBAL_CTRL/STATUS/OVF_CTRL). The PEBS and DS MSRs exist only on models with PEBS,
 *       MSR_PEBS_DATA_CFG only on adaptive ones; anything else is a #GP result, never an exception.
 *   <li>A slice gives cycles and instructions; counters count cycles (UNHALTED_CORE_CYCLES, REF cycles, the
 *       {@code cycles:p} alias) or instructions (INST_RETIRED); other events count nothing.
 *   <li>The DS management fields' values are the ones the host kernel wrote: a real CPU in guest context
 *       would read them through the guest's page tables and get guest data. Every write the assist makes
 *       (the record at the PEBS index and the index update) goes through the current context's page tables.
 *       In guest context the index the assist advances starts from the host's at each VM entry; the host's
 *       own index (host memory) is untouched by guest-context records.
 *   <li>A guest-context write to a linear address that is not present in the guest is dropped and counted
 *       ({@link org.perfsim.pmu.PmuStats#droppedNotPresent()}, reason {@code NOT_PRESENT} to the sink);
 *       one absent page drops the whole write. Real hardware would fault inside the assist.
 *   <li>The host kernel's PMI handler can run inline at each PMI's simulated time
 *       ({@link org.perfsim.pmu.PmuOptions.PmiHandling#INLINE_PERF_HANDLER}): it drains the host DS buffer,
 *       re-arms the counter that raised the PMI with the value software last wrote to it, and acks the status
 *       bits it handled. Otherwise PMIs are reported and the hardware state stays as the hardware left it.
 *   <li>One record per overflow (two counters overflowing at the same cycle write two records, lowest
 *       counter first); memory-info fields, XMM and LBR groups are zero.
 * </ul>
 */
package org.perfsim.pmu;
