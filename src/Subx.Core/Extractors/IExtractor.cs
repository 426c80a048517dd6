using Subx.Hosts;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;

namespace Subx.Extractors;

/// <summary>Everything an extractor may use to pick a subnet for a task.</summary>
/// <param name="Host">The host M.</param>
/// <param name="Task">The task T the subnet should serve.</param>
/// <param name="Distractors">The tasks it should not serve.</param>
/// <param name="Size">A size budget (fraction of unit parameters, in (0, 1]); null lets the extractor choose by its own threshold.</param>
/// <param name="Reward">The reward weights (b also sets the mask's sparsity penalty).</param>
/// <param name="Scorer">The fine-tuning scorer, for extractors that search by reward.</param>
/// <param name="Seed">Seed for every random choice the extractor makes.</param>
public sealed record ExtractionRequest(IHost Host, TaskData Task, IReadOnlyList<TaskData> Distractors, double? Size, RewardConfig Reward, Scorer Scorer, int Seed = 0);

/// <summary>What an extractor returns: a score per unit (higher = more likely in T's subnet) and the subnet it picks.</summary>
public sealed record ExtractionResult(double[] UnitScores, Subnet Subnet)
{
    /// <summary>`se` with continued training: how its subnet compared with the zero-shot one it started from, and which was kept.</summary>
    public Policy.ContinueCheck? ContinueCheck { get; init; }
}

/// <summary>
/// Anything that turns (host, task, distractors) into a subnet: the learned SE policy or a baseline.
/// Every extractor sits behind this one signature and is listed in <see cref="ExtractorRegistry"/>.
/// </summary>
public interface IExtractor
{
    /// <summary>The registry name, e.g. `mask`.</summary>
    string Name { get; }

    /// <summary>One line on what it does.</summary>
    string Description { get; }

    /// <summary>Scores every unit and picks a subnet.</summary>
    ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null);
}
