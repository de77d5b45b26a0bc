package io.autoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.json.ContractSchemas;

/** Asserts that a published message validates against the contract's schema. */
public final class Schemas {

  private static final ContractSchemas SCHEMAS = new ContractSchemas();

  private Schemas() {}

  public static void assertValid(String schemaName, String json) {
    assertThat(SCHEMAS.validate(schemaName, json)).as("%s against %s", json, schemaName).isEmpty();
  }
}
