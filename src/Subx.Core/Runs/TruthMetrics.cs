using Subx.Units;

namespace Subx.Runs;

/// <summary>How well a subnet matches the truth, counted in units (not parameters).</summary>
/// <param name="Precision">Kept units that are true units / kept units (0 when nothing is kept).</param>
/// <param name="Recall">True units kept / true units (0 when the truth is empty).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
public sealed record TruthMatch(double Precision, double Recall, double F1);

/// <summary>
/// Judges an extractor against a planted zoo's truth: precision, recall and F1 of the subnet it
/// picked, and the ROC-AUC of its per-unit scores (does it rank the true units first?).
/// Units are counted, not weighted by parameters: the question is "which units", and a zoo's units
/// of one layer all weigh the same.
/// </summary>
public static class TruthMetrics
{
    /// <summary>Precision, recall and F1 of <paramref name="subnet"/> against <paramref name="truth"/>.</summary>
    public static TruthMatch Match(Subnet subnet, Subnet truth)
    {
        if (subnet.Space.Count != truth.Space.Count)
            throw new ArgumentException($"subnet has {subnet.Space.Count} units; the truth has {truth.Space.Count}");
        int hits = 0, kept = 0, real = 0;
        for (int i = 0; i < subnet.Space.Count; i++)
        {
            bool k = subnet.Contains(i), t = truth.Contains(i);
            if (k) kept++;
            if (t) real++;
            if (k && t) hits++;
        }
        double precision = kept == 0 ? 0 : (double)hits / kept;
        double recall = real == 0 ? 0 : (double)hits / real;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new TruthMatch(precision, recall, f1);
    }

    /// <summary>
    /// ROC-AUC of per-unit scores against the truth: the probability that a random true unit scores
    /// above a random other unit, ties counted half (Mann–Whitney U / (P·N), from mid-ranks).
    /// 1 ranks every true unit first, 0.5 is chance, 0 ranks them last.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or the truth has no true or no other unit (the AUC is undefined).</exception>
    public static double RocAuc(IReadOnlyList<double> scores, Subnet truth)
    {
        if (scores.Count != truth.Space.Count)
            throw new ArgumentException($"{scores.Count} scores for {truth.Space.Count} units");
        return RocAuc(scores, truth.Mask);
    }

    /// <inheritdoc cref="RocAuc(IReadOnlyList{double}, Subnet)"/>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count)
            throw new ArgumentException($"{scores.Count} scores for {positive.Count} labels");
        int n = scores.Count;
        for (int i = 0; i < n; i++)
            if (double.IsNaN(scores[i])) throw new ArgumentException($"score {i} is NaN; ROC-AUC needs comparable scores");
        int p = positive.Count(x => x), neg = n - p;
        if (p == 0 || neg == 0)
            throw new ArgumentException($"ROC-AUC needs at least one true and one other unit; found {p} true and {neg} other");

        // Mid-ranks (1-based): a run of tied scores shares the mean of the ranks it spans, which is
        // what counts each tied (true, other) pair as one half.
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (positive[order[k]]) positiveRankSum += midRank;
            start = end + 1;
        }
        double u = positiveRankSum - p * (p + 1) / 2.0;
        return u / ((double)p * neg);
    }
}
