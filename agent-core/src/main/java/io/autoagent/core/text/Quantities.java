package io.autoagent.core.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of Kubernetes quantities ({@code 512Mi}, {@code 1.5Gi}, {@code 500m}, {@code 1e3},
 * {@code 2k}) as the API server's grammar defines them: a non-negative decimal number, then a
 * binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or a decimal exponent. Exact
 * (BigDecimal) arithmetic; stateless.
 */
public final class Quantities {

  private static final Pattern QUANTITY =
      Pattern.compile(
          "^\\+?([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$");
  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);
  private static final Map<String, BigDecimal> SUFFIX =
      Map.ofEntries(
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)),
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)));

  private Quantities() {}

  /** Whether the text is a Kubernetes quantity. */
  public static boolean isQuantity(String text) {
    return text != null && QUANTITY.matcher(text.strip()).matches();
  }

  /**
   * The exact amount of a quantity in base units: {@code 512Mi} is 536870912, {@code 500m} is 0.5,
   * {@code 1e3} is 1000.
   *
   * @throws IllegalArgumentException naming the text when it is not a quantity
   */
  public static BigDecimal amount(String text) {
    Matcher m = text == null ? null : QUANTITY.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not a Kubernetes quantity such as 512Mi: '" + text + "'");
    }
    BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(2);
    if (suffix == null) {
      return number;
    }
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
    return number.multiply(SUFFIX.get(suffix));
  }

  /** Whole bytes of a quantity, rounded up: {@code 1.5Gi} is 1610612736. */
  public static long bytes(String text) {
    return amount(text).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Whole mebibytes, rounded up, as the API writes them: 805306368 bytes is {@code 768Mi}. */
  public static String mebibytes(long bytes) {
    return mebibytes(BigDecimal.valueOf(bytes), RoundingMode.CEILING);
  }

  /** Whole mebibytes, rounded as asked. */
  public static String mebibytes(BigDecimal bytes, RoundingMode rounding) {
    return bytes.divide(MI, 0, rounding).toPlainString() + "Mi";
  }
}
