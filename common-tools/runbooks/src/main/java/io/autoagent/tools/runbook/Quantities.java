package io.autoagent.tools.runbook;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes memory quantities: parsing to bytes and formatting back as whole Mi. */
final class Quantities {

  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

  private Quantities() {}

  /** Bytes of a quantity such as {@code 512Mi} or {@code 1G}; throws when it is not one. */
  static long bytes(String quantity) {
    if (quantity == null || !quantity.strip().matches("^[0-9]+(\\.[0-9]+)?([eE][0-9]+|[KMGTPE]i?|m|k)?$")) {
      throw new IllegalArgumentException("not a Kubernetes quantity: " + quantity);
    }
    return Quantity.getAmountInBytes(new Quantity(quantity.strip()))
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }

  static boolean isQuantity(String value) {
    try {
      bytes(value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whole mebibytes, rounded up: {@code 805306368} becomes {@code 768Mi}. */
  static String mebibytes(long bytes) {
    return BigDecimal.valueOf(bytes).divide(MI, 0, RoundingMode.CEILING).toPlainString() + "Mi";
  }
}
