package org.perfsim.wire;

/**
 * Marker for every message that may cross JVMs in the fleet: bound to Pekko's {@code jackson-cbor}
 * serializer in guest-node's {@code reference.conf}, so Java serialization is never needed (it is off).
 * Messages are Java records; their fields are records, enums, strings, numbers, lists and actor refs.
 */
public interface CborSerializable {}
