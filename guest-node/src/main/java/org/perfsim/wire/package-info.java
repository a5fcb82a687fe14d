/** What the fleet's cluster messages have in common on the wire: the CBOR serialization marker. */
package org.perfsim.wire;
