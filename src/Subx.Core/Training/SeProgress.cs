namespace Subx.Training;

/// <summary>
/// How far SE training is (<see cref="SeRun.Train"/>). Before its first iteration it fits the learned
/// gates its observation reads, on every task of its pools that has none yet — seconds a task on a
/// zoo, up to a minute on a BERT host — and reports the share of them fitted in <see cref="Gates"/>
/// (<see cref="Iteration"/> is then the iteration training starts from). After that, once per
/// iteration: <see cref="Iteration"/> of <see cref="Total"/> done, and that iteration's mean reward.
/// </summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Total">The iteration the run ends at.</param>
/// <param name="Reward">The last iteration's mean reward (NaN while the gates are fitted).</param>
/// <param name="Gates">While the gates are fitted: the share fitted, in [0, 1]; otherwise null.</param>
/// <param name="AfterGates">On an iteration's report: whether this run fitted gates before its first iteration.</param>
public readonly record struct SeProgress(int Iteration, int Total, double Reward, double? Gates = null, bool AfterGates = false)
{
    /// <summary>The report of fitting the gates, <paramref name="share"/> of them done, before iteration <paramref name="start"/>.</summary>
    public static SeProgress FittingGates(int start, int total, double share) => new(start, total, double.NaN, share);

    /// <summary>
    /// The share of the run done, for a bar that gives the gates its first <paramref name="gateShare"/>
    /// when the run fitted any and all of it to the iterations otherwise. A resumed run's iterations
    /// start where it stopped, so its bar jumps there after the gates.
    /// </summary>
    public double Done(double gateShare) =>
        Gates is double g ? gateShare * g
        : AfterGates ? gateShare + (1 - gateShare) * Iteration / Total
        : (double)Iteration / Total;
}
