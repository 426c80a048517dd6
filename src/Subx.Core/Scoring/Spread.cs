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

    /// <summary>
    /// The one-sided 99% quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of
    /// freedom: a mean difference below −t·(its standard error) is a loss at the 1% level even from a few
    /// fine-tunes, whose standard error is itself uncertain (4 fine-tunes: 4.54 standard errors, not the
    /// 2 that the bench's "clearly ahead" takes over the judge's many).
    /// Tabled to 30 degrees of freedom, then the Cornish–Fisher expansion about the normal's 2.326.
    /// </summary>
    public static double StudentT99(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "at least 1");
        if (degreesOfFreedom <= T99.Length) return T99[degreesOfFreedom - 1];
        const double z = 2.326347874;
        double v = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
    }

    // t(0.99; df) for df = 1…30.
    private static readonly double[] T99 =
    [
        31.821, 6.965, 4.541, 3.747, 3.365, 3.143, 2.998, 2.896, 2.821, 2.764,
        2.718, 2.681, 2.650, 2.624, 2.602, 2.583, 2.567, 2.552, 2.539, 2.528,
        2.518, 2.508, 2.500, 2.492, 2.485, 2.479, 2.473, 2.467, 2.462, 2.457,
    ];
}
