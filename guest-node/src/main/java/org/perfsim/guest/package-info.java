/**
 * Guest VMs as actors: each {@link org.perfsim.guest.GuestVm} owns its vCPUs, its sparse memory map, its
 * workload and its health ({@link org.perfsim.vm.Guest}), and applies the PEBS writes its host
 * hands it once per simulated step.
 */
package org.perfsim.guest;
