using Subx.Extractors;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Runs;

/// <summary>
/// One point of a size curve: the extractor's ranking cut at one size budget, judged as the extraction
/// itself is (T and every distractor, the same seeds), with T's score against random units of that size.
/// </summary>
/// <param name="Budget">The size asked for (fraction of the host's unit parameters).</param>
/// <param name="Subnet">The top units of the ranking within that budget.</param>
/// <param name="ScoreT">The subnet's score on T.</param>
/// <param name="RandomUnits">T's score with random units of the same size, drawn anew in each repeat.</param>
/// <param name="DistractorScores">The subnet's score on each distractor, in the request's order.</param>
/// <param name="Reward">The reward of the mean scores.</param>
/// <param name="RewardRepeats">The reward of each of the judge's repeats.</param>
public sealed record SizePoint(double Budget, Subnet Subnet, double ScoreT, double RandomUnits, IReadOnlyList<double> DistractorScores,
    RewardTerms Reward, IReadOnlyList<double> RewardRepeats)
{
    /// <summary>The reward's standard error over the judge's repeats.</summary>
    public double RewardStdError => Spread.StandardError(RewardRepeats);
}

/// <summary>
/// How T's score, the distractors' and the reward change as one ranking is cut at several sizes: the
/// trade-off a researcher reads before choosing a subnet's size (the faithfulness-against-size curve
/// circuit-discovery papers plot). Every point reuses the extraction's unit scores, so it costs fine-tunes
/// only: per size, the judge's repeats on T, on random units of that size, and on each distractor.
/// </summary>
public static class SizeCurve
{
    /// <summary>
    /// The points of <paramref name="scores"/> cut at each of <paramref name="sizes"/> (ascending in the
    /// result), judged by <paramref name="judge"/> with <paramref name="request"/>'s seed and reward. Sizes
    /// that cut the same subnet (on a BERT a head weighs as much as 64 neurons, so nearby budgets can) are
    /// judged once and listed once, under the smallest. A cut equal to the extraction's subnet is judged on
    /// the same seeds, so it scores what the extraction does (to the last bits, which batching can move:
    /// ScorerTests). One batch for all.
    /// </summary>
    public static IReadOnlyList<SizePoint> Measure(ExtractionRequest request, IReadOnlyList<double> scores, IReadOnlyList<double> sizes, Scorer judge,
        IProgress<double>? progress = null)
    {
        if (sizes.Count == 0) throw SubxException.Bad("size curve", "sizes", "at least one size", "none");
        foreach (double size in sizes)
            if (!(size > 0 && size <= 1))
                throw SubxException.Bad("size curve", "sizes", "fractions of the host's unit parameters in (0, 1]", size.ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
        var cuts = Cuts(request.Host.Units, scores, sizes);
        var judged = Bench.Judge(judge, [.. cuts.Select(c => (request, c.Subnet))], [Control.Subnet, Control.RandomUnits], progress);
        return [.. cuts.Zip(judged, (cut, j) => new SizePoint(cut.Budget, cut.Subnet, j.OnT[0], j.OnT[1], j.DistractorScores, j.Reward, j.RewardRepeats))];
    }

    /// <summary>The distinct subnets <paramref name="scores"/> cut at <paramref name="sizes"/>, by ascending size, each under the smallest size that cuts it.</summary>
    internal static IReadOnlyList<(double Budget, Subnet Subnet)> Cuts(UnitSpace space, IReadOnlyList<double> scores, IReadOnlyList<double> sizes)
    {
        var cuts = new List<(double Budget, Subnet Subnet)>();
        foreach (double budget in sizes.Distinct().Order())
        {
            var subnet = Subnet.TopBySize(space, scores, budget);
            if (!cuts.Any(c => c.Subnet.Mask.SequenceEqual(subnet.Mask))) cuts.Add((budget, subnet));
        }
        return cuts;
    }
}
