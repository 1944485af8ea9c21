package dev.streamgate.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Serialises control-event bodies; they are small maps and records, written once per event. */
public final class ControlJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ControlJson() {}

  public static String write(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
