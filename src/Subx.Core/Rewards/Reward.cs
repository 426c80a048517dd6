using Subx.Units;

namespace Subx.Rewards;

/// <summary>A reward and every term of it, signed as they enter the total.</summary>
/// <param name="Total">R = ScoreT − DistractorTerm − SizeTerm − OverlapTerm.</param>
/// <param name="ScoreT">score(T).</param>
/// <param name="MeanDistractorScore">mean_i score(D_i) (0 when there are no distractors).</param>
/// <param name="DistractorTerm">a · MeanDistractorScore.</param>
/// <param name="Size">The subnet's size (fraction of unit parameters).</param>
/// <param name="SizeTerm">b · Size.</param>
/// <param name="Overlap">Largest parameter-weighted Jaccard with another task's subnet (0 if none).</param>
/// <param name="OverlapTerm">c · Overlap.</param>
public sealed record RewardTerms(double Total, double ScoreT, double MeanDistractorScore, double DistractorTerm, double Size, double SizeTerm, double Overlap, double OverlapTerm);

/// <summary>Computes the reward of a subnet from its scores.</summary>
public static class Reward
{
    /// <summary>
    /// R = score(T) − a·mean score(D_i) − b·size − c·overlap, where overlap is the largest
    /// parameter-weighted Jaccard between the subnet and the subnets already chosen for other tasks.
    /// The largest rather than the mean, so copying one other task's subnet costs the same however
    /// many tasks the archive holds.
    /// </summary>
    public static RewardTerms Compute(RewardConfig config, double scoreT, IReadOnlyList<double> distractorScores, Subnet subnet, IEnumerable<Subnet>? others = null)
    {
        double meanD = distractorScores.Count == 0 ? 0 : distractorScores.Average();
        double overlap = others?.Select(subnet.Jaccard).DefaultIfEmpty(0).Max() ?? 0;
        double dTerm = config.DistractorWeight * meanD, sTerm = config.SizePenalty * subnet.Size, oTerm = config.OverlapPenalty * overlap;
        return new RewardTerms(scoreT - dTerm - sTerm - oTerm, scoreT, meanD, dTerm, subnet.Size, sTerm, overlap, oTerm);
    }
}
