package io.autoagent.guardian.forecast;

/**
 * Exponentially weighted pinball (quantile) loss and coverage of one quantile forecast: the loss a
 * q-quantile forecast should minimise, so two models can be compared on it. Not thread-safe.
 */
public final class PinballLoss {

  private final double q;
  private final double decay;
  private double loss;
  private double covered;
  private double weight;

  /**
   * @param q the quantile forecast (0..1)
   * @param halfLife scores after which an old score weighs half
   */
  public PinballLoss(double q, int halfLife) {
    if (!(q > 0 && q < 1) || halfLife < 1) {
      throw new IllegalArgumentException("need 0 < q < 1 and halfLife >= 1");
    }
    this.q = q;
    this.decay = Math.pow(0.5, 1.0 / halfLife);
  }

  /** Scores a forecast {@code predicted} against what happened. */
  public void score(double predicted, double actual) {
    double diff = actual - predicted;
    double l = diff >= 0 ? q * diff : (q - 1) * diff;
    loss = decay * loss + l;
    covered =
        decay * covered + (actual <= predicted + 1e-9 * Math.max(1, Math.abs(predicted)) ? 1 : 0);
    weight = decay * weight + 1;
  }

  /** Mean loss, NaN before any score. */
  public double loss() {
    return weight == 0 ? Double.NaN : loss / weight;
  }

  /** Share of outcomes at or below the forecast, NaN before any score. */
  public double coverage() {
    return weight == 0 ? Double.NaN : covered / weight;
  }

  /** Effective number of scores behind the averages. */
  public double weight() {
    return weight;
  }
}
