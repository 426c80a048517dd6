using Subx.Units;

namespace Subx.Rewards;

/// <summary>A reward and every term of it, signed as they enter the total.</summary>
/// <param name="Total">R = ScoreT − DistractorTerm − SizeTerm − OverlapTerm.</param>
/// <param name="ScoreT">score(T).</param>
/// <param name="MeanDistractorScore">mean_i score(D_i) (0 when there are no distractors).</param>
/// <param name="DistractorTerm">a · MeanDistractorScore.</param>
/// <param name="Size">The subnet's size (fraction of unit parameters).</param>
/// <param name="SizeTerm">b · Size.</param>
/// <param name="Overlap">Share of the host's unit parameters the subnet keeps that another task's subnet also keeps (0 if none).</param>
/// <param name="OverlapTerm">c · Overlap.</param>
public sealed record RewardTerms(double Total, double ScoreT, double MeanDistractorScore, double DistractorTerm, double Size, double SizeTerm, double Overlap, double OverlapTerm);

/// <summary>Computes the reward of a subnet from its scores.</summary>
public static class Reward
{
    /// <summary>
    /// R = score(T) − a·mean score(D_i) − b·size − c·overlap, where overlap is the share of the host's
    /// unit parameters that the subnet keeps and some other task's subnet keeps too
    /// (<see cref="Subnet.SharedWith"/>). Additive like the size: a shared unit costs b + c for its
    /// parameters, an unshared one b, so the term pushes subnets apart unit by unit. (A Jaccard
    /// would reward padding a subnet with unshared units: it shrinks as the union grows.)
    /// </summary>
    public static RewardTerms Compute(RewardConfig config, double scoreT, IReadOnlyList<double> distractorScores, Subnet subnet, IEnumerable<Subnet>? others = null)
    {
        double meanD = distractorScores.Count == 0 ? 0 : distractorScores.Average();
        double overlap = others is null ? 0 : subnet.SharedWith(others);
        double dTerm = config.DistractorWeight * meanD, sTerm = config.SizePenalty * subnet.Size, oTerm = config.OverlapPenalty * overlap;
        return new RewardTerms(scoreT - dTerm - sTerm - oTerm, scoreT, meanD, dTerm, subnet.Size, sTerm, overlap, oTerm);
    }
}
