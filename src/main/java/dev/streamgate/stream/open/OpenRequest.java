package dev.streamgate.stream.open;

import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.security.Caller;
import java.util.Optional;

/**
 * One request to open a stream, as the opener has it once the gates before Kafka passed.
 *
 * @param request the validated request; its topics were already checked against the caller
 * @param address the client's address, whose stream slot the open takes
 * @param caller who asks: their subject is listed with the stream, which ends when their token
 *     expires, if ever
 * @param id the client's id, decoded; empty when it sent none
 */
record OpenRequest(
    StreamRequest request, String address, Caller caller, Optional<CursorDecoding> id) {}
