using Subx.Rewards;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Extractors;

/// <summary>How an extractor turns its per-unit scores into a subnet.</summary>
public static class Selection
{
    /// <summary>Sizes tried by <see cref="ByReward"/> when an extractor has no threshold of its own and no budget was given.</summary>
    public static readonly IReadOnlyList<double> SweepSizes = [0.05, 0.1, 0.15, 0.2, 0.3, 0.5];

    /// <summary>
    /// The request's size budget if it has one; else the extractor's own threshold if it has one;
    /// else the size from <see cref="SweepSizes"/> whose subnet earns the highest reward.
    /// </summary>
    public static Subnet Pick(ExtractionRequest request, double[] scores, Func<Subnet>? ownThreshold = null)
    {
        var space = request.Host.Units;
        if (request.Size is double size) return Subnet.TopBySize(space, scores, size);
        if (ownThreshold is not null) return ownThreshold();
        return ByReward(request, SweepSizes.Select(s => Subnet.TopBySize(space, scores, s)).ToArray()).Best;
    }

    /// <summary>Scores candidate subnets on T and every distractor in one batch and returns the one with the highest reward.</summary>
    public static (Subnet Best, RewardTerms Reward) ByReward(ExtractionRequest request, IReadOnlyList<Subnet> candidates)
    {
        var tasks = new[] { request.Task }.Concat(request.Distractors).ToArray();
        var jobs = candidates.SelectMany(c => tasks.Select(t => new ScoreJob(c, t, request.Seed))).ToArray();
        var s = request.Scorer.Score(jobs);
        int best = -1; RewardTerms? bestReward = null;
        for (int i = 0; i < candidates.Count; i++)
        {
            var row = s.Skip(i * tasks.Length).Take(tasks.Length).ToArray();
            var r = Reward.Compute(request.Reward, row[0], row[1..], candidates[i]);
            if (bestReward is null || r.Total > bestReward.Total) { best = i; bestReward = r; }
        }
        return (candidates[best], bestReward!);
    }
}
