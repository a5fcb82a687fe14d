package org.perfsim.bench;

import java.util.ArrayList;
import java.util.List;
import org.cloudsimplus.allocationpolicies.VmAllocationPolicyFirstFit;
import org.cloudsimplus.brokers.DatacenterBroker;
import org.cloudsimplus.brokers.DatacenterBrokerSimple;
import org.cloudsimplus.cloudlets.Cloudlet;
import org.cloudsimplus.cloudlets.CloudletSimple;
import org.cloudsimplus.core.CloudSimPlus;
import org.cloudsimplus.datacenters.DatacenterSimple;
import org.cloudsimplus.hosts.Host;
import org.cloudsimplus.hosts.HostSimple;
import org.cloudsimplus.resources.Pe;
import org.cloudsimplus.resources.PeSimple;
import org.cloudsimplus.utilizationmodels.UtilizationModelFull;
import org.cloudsimplus.vms.Vm;
import org.cloudsimplus.vms.VmSimple;

/**
 * The same-run baseline of {@link FleetScale}: CloudSim Plus 8.5.7 simulating {@code vms} VMs (4 per host of
 * 4 PEs, the fleet's shape) that each run one cloudlet of {@code seconds} simulated seconds.
 */
final class CloudSimBaseline {
  private static final double MIPS = 1000;

  private CloudSimBaseline() {}

  /** Wall seconds for building and running the simulation. */
  static double run(int vms, int seconds) {
    long start = System.nanoTime();
    CloudSimPlus simulation = new CloudSimPlus();
    int hosts = Math.max(1, vms / 4);
    List<Host> hostList = new ArrayList<>(hosts);
    for (int h = 0; h < hosts; h++) {
      List<Pe> pes = new ArrayList<>(4);
      for (int p = 0; p < 4; p++) {
        pes.add(new PeSimple(MIPS));
      }
      hostList.add(new HostSimple(16_384, 10_000, 1_000_000, pes));
    }
    // first fit keeps VM placement linear; the default (worst fit) scans every host per VM
    new DatacenterSimple(simulation, hostList, new VmAllocationPolicyFirstFit());
    DatacenterBroker broker = new DatacenterBrokerSimple(simulation);
    List<Vm> vmList = new ArrayList<>(vms);
    List<Cloudlet> cloudlets = new ArrayList<>(vms);
    for (int v = 0; v < vms; v++) {
      vmList.add(new VmSimple(MIPS, 1).setRam(2048).setBw(1000).setSize(10_000));
      Cloudlet cloudlet = new CloudletSimple((long) (MIPS * seconds), 1).setUtilizationModelCpu(new UtilizationModelFull());
      cloudlets.add(cloudlet);
    }
    broker.submitVmList(vmList);
    broker.submitCloudletList(cloudlets);
    simulation.start();
    long finished = broker.getCloudletFinishedList().size();
    if (finished != vms) {
      throw new IllegalStateException("CloudSim Plus finished " + finished + " of " + vms + " cloudlets");
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
