namespace Subx.Scoring;

/// <summary>
/// How far a mean of repeated fine-tunes can be trusted. A score is the mean of
/// <see cref="ScorerConfig.Repeats"/> fine-tunes whose seeds differ; these measure how much that mean
/// would move under other seeds — the judge's noise, not the extractor's.
/// </summary>
public static class Spread
{
    /// <summary>The standard error of the mean of <paramref name="values"/>: their sample standard deviation over √n; 0 for fewer than two values.</summary>
    public static double StandardError(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n < 2) return 0;
        double mean = values.Average();
        double ss = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(ss / (n - 1) / n);
    }

    /// <summary>
    /// The difference of two means of paired repeats (repeat k of both drew the same seed, as
    /// <see cref="Scorer.ScoreRepeats"/> pairs them) and its standard error, from the differences repeat by repeat.
    /// </summary>
    public static (double Mean, double StandardError) PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"paired repeats differ in number: {a.Count} against {b.Count}", nameof(b));
        if (a.Count == 0) throw new ArgumentException("there are no repeats to compare", nameof(a));
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        return (d.Average(), StandardError(d));
    }
}
