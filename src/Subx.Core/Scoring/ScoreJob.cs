using Subx.Tasks;
using Subx.Units;

namespace Subx.Scoring;

/// <summary>The controls that come with every score.</summary>
public enum Control
{
    /// <summary>The subnet as extracted.</summary>
    Subnet,
    /// <summary>No subnet: every unit dropped, so the head sees nothing the host computed.</summary>
    NoSubnet,
    /// <summary>The same units with their weights re-initialised as the host's were before training.</summary>
    Reinitialized,
    /// <summary>Random units of the same size (parameter fraction).</summary>
    RandomUnits,
}

/// <summary>One fine-tune to score: a subnet (or one of its controls) in an assister model on one task.</summary>
/// <param name="Subnet">The units the assister receives.</param>
/// <param name="Task">The task it is fine-tuned and validated on.</param>
/// <param name="Seed">The job's own seed (assister initialisation, batches, the random control's units).</param>
/// <param name="Control">Which control of the subnet to score instead of the subnet itself.</param>
public sealed record ScoreJob(Subnet Subnet, TaskData Task, int Seed = 0, Control Control = Control.Subnet);

/// <summary>A score and its controls, all with the same budget and seed.</summary>
/// <param name="Score">Normalised balanced validation accuracy of the subnet.</param>
/// <param name="NoSubnet">The same with no subnet.</param>
/// <param name="Reinitialized">The same units with re-initialised weights.</param>
/// <param name="RandomUnits">Random units of the same size.</param>
public sealed record ScoreWithControls(double Score, double NoSubnet, double Reinitialized, double RandomUnits)
{
    /// <summary>The score minus the best control: how much the subnet's own weights help.</summary>
    public double Margin => Score - Math.Max(NoSubnet, Math.Max(Reinitialized, RandomUnits));
}
