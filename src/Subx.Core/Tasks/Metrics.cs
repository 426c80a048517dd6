namespace Subx.Tasks;

/// <summary>Classification scores that do not reward predicting the majority class.</summary>
public static class Metrics
{
    /// <summary>
    /// The mean, over the classes that occur in <paramref name="actual"/>, of the fraction of that class's rows
    /// predicted correctly (per-class recall). 1 is perfect; always predicting one class gives 1/(classes present).
    /// </summary>
    /// <param name="predicted">The predicted class of each row, in [0, <paramref name="classes"/>).</param>
    /// <param name="actual">The true class of each row, in [0, <paramref name="classes"/>); same length as <paramref name="predicted"/>.</param>
    /// <param name="classes">The number of classes.</param>
    public static double BalancedAccuracy(int[] predicted, int[] actual, int classes)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"predicted has {predicted.Length} rows but actual has {actual.Length}.", nameof(predicted));
        if (actual.Length == 0) throw new ArgumentException("There are no rows to score.", nameof(actual));

        var total = new int[classes];
        var correct = new int[classes];
        for (int i = 0; i < actual.Length; i++)
        {
            int a = actual[i];
            int p = predicted[i];
            if (a < 0 || a >= classes) throw new ArgumentOutOfRangeException(nameof(actual), $"actual[{i}] = {a} is not in [0, {classes}).");
            if (p < 0 || p >= classes) throw new ArgumentOutOfRangeException(nameof(predicted), $"predicted[{i}] = {p} is not in [0, {classes}).");
            total[a]++;
            if (p == a) correct[a]++;
        }

        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++)
        {
            if (total[c] == 0) continue;
            sum += (double)correct[c] / total[c];
            present++;
        }
        return sum / present;
    }

    /// <summary>
    /// Rescales balanced accuracy so chance (1/<paramref name="classes"/>) is 0 and perfect is 1:
    /// (bacc − 1/k) / (1 − 1/k). Below-chance scores are negative.
    /// </summary>
    /// <param name="balancedAccuracy">A balanced accuracy in [0, 1].</param>
    /// <param name="classes">The number of classes k, at least 2.</param>
    public static double NormalizedScore(double balancedAccuracy, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        double chance = 1.0 / classes;
        return (balancedAccuracy - chance) / (1 - chance);
    }
}
