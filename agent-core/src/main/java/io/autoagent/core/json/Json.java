package io.autoagent.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapper every agent uses on the wire: snake_case names, RFC 3339 times, nulls left out,
 * unknown fields ignored (the contract allows extra fields everywhere).
 */
public final class Json {

  /** Deepest nesting accepted in a request; deeper documents are refused as invalid JSON. */
  public static final int MAX_NESTING_DEPTH = 64;

  private Json() {}

  /** Serialises a value; a failure here is a bug (our own types), so it is unchecked. */
  public static byte[] bytes(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  /**
   * Buffers a mapper keeps for its parsers and generators. Jackson's default pool keeps them per
   * thread, and the agents handle each message on a new virtual thread, so every document read or
   * written allocated its buffers afresh; a pool shared by the mapper's threads reuses them.
   */
  static final int RECYCLED_BUFFER_SETS = 32;

  /** A new mapper; mappers are thread-safe once configured, so make one and share it. */
  public static ObjectMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFER_SETS))
                    .build())
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    return mapper;
  }
}
