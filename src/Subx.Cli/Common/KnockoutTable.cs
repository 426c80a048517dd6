using Spectre.Console;
using Subx.Scoring;

namespace Subx.Cli.Common;

/// <summary>
/// The knock-out check as a table: for T (first row) and each distractor, a probe on M's whole output
/// read on intact M, with the subnet's units zeroed, and with random units of the same size zeroed (their mean,
/// and the range over the draws).
/// </summary>
internal static class KnockoutTable
{
    public static Table For(IReadOnlyList<KnockoutScore> scores)
    {
        var table = new Table().Title("knock-out in M: a probe on M's whole output, with units zeroed")
            .AddColumn("task").AddColumn(new TableColumn("intact M").RightAligned())
            .AddColumn(new TableColumn("without the subnet").RightAligned())
            .AddColumn(new TableColumn("without random units, same size").RightAligned());
        for (int i = 0; i < scores.Count; i++)
        {
            var k = scores[i];
            string random = Format.Score(k.WithoutRandomMean) +
                (k.WithoutRandom.Count > 1 ? $" ({Format.Score(k.WithoutRandom.Min())}–{Format.Score(k.WithoutRandom.Max())})" : "");
            table.AddRow(Markup.Escape(k.Task) + (i == 0 ? " (T)" : ""), Format.Score(k.Intact), Format.Score(k.WithoutSubnet), random);
        }
        return table.Caption($"the probe is fitted on intact M (at most {Knockout.Probe.MaxTrain} train rows; read on at most {Knockout.Probe.MaxValidation} validation rows); random units: the mean of {Format.Count(scores[0].WithoutRandom.Count, "draw")} (their range)");
    }
}
