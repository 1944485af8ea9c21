/**
 * Conflation ({@code conflate=<window>}), the pure part: the window parameter and its clock grid
 * ({@link dev.streamgate.conflate.ConflateWindow}), the fold of a window's records into the latest
 * record of each key ({@link dev.streamgate.conflate.Fold}), and a client's position through
 * batches: the skip rule and the id rule ({@link dev.streamgate.conflate.ConflatedPosition}). No
 * framework, any thread that owns the object; the topic readers and the client streams use it, and
 * its laws are property-tested (docs/api.md#conflation).
 */
package dev.streamgate.conflate;
