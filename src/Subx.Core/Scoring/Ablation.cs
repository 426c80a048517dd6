namespace Subx.Scoring;

/// <summary>What a knocked-out unit writes in place of its output.</summary>
public enum Ablation
{
    /// <summary>
    /// Its mean output on the task's own train rows, on intact M (mean-ablation, as much circuit work
    /// ablates); on a BERT, its mean at the token's role (<see cref="Hosts.IHost.MeanOutputs"/>).
    /// </summary>
    Mean,

    /// <summary>Zero (zero-ablation): harsher, since a unit's typical output is gone too, not only what it says about the example.</summary>
    Zero,
}
