using Subx.Training;

namespace Subx.Cli.Common;

/// <summary>
/// SE training's progress (<see cref="SeProgress"/>) on one bar, under <paramref name="label"/>: when the
/// run has learned gates to fit first, they take the bar's first <paramref name="gateShare"/> and the
/// iterations the rest; otherwise the iterations take all of it.
/// </summary>
internal sealed class TrainingBar(Reporter.Bar bar, string label, double gateShare) : IProgress<SeProgress>
{
    private readonly List<double> _rewards = [];

    /// <summary>The rewards of the iterations reported so far.</summary>
    public IReadOnlyList<double> Rewards => _rewards;

    /// <inheritdoc />
    public void Report(SeProgress p)
    {
        if (p.Gates is double g)
            bar.Describe($"{label}: learned gates, {100 * g:F0}%");
        else
        {
            _rewards.Add(p.Reward);
            bar.Describe($"{label}: it {p.Iteration}/{p.Total}, reward {Format.Short(p.Reward)}");
        }
        bar.Report(p.Done(gateShare));
    }
}
