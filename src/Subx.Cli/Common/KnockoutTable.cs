using Spectre.Console;
using Subx.Scoring;

namespace Subx.Cli.Common;

/// <summary>
/// The knock-out check as a table: for T (first row) and each distractor, a probe on M's whole output
/// read on intact M; with the subnet's units ablated and with random units of the same size ablated;
/// and with everything but the subnet ablated and everything but the random units (the random draws'
/// mean, and their range).
/// </summary>
internal static class KnockoutTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<KnockoutScore> scores, Ablation ablation)
    {
        var table = new Table()
            .AddColumn("task").AddColumn(new TableColumn("intact M").RightAligned())
            .AddColumn(new TableColumn("without the subnet").RightAligned())
            .AddColumn(new TableColumn("without random units").RightAligned())
            .AddColumn(new TableColumn("the subnet alone").RightAligned())
            .AddColumn(new TableColumn("random units alone").RightAligned());
        string Draws(IReadOnlyList<double> v) => Format.Score(v.Average()) + (v.Count > 1 ? $" ({Format.Score(v.Min())}–{Format.Score(v.Max())})" : "");
        for (int i = 0; i < scores.Count; i++)
        {
            var k = scores[i];
            table.AddRow(Markup.Escape(k.Task) + (i == 0 ? " (T)" : ""), Format.Score(k.Intact),
                Format.Score(k.WithoutSubnet), Draws(k.WithoutRandom), Format.Score(k.OnlySubnet), Draws(k.OnlyRandom));
        }
        string note = $"0 is chance, 1 is perfect; the probe is fitted on intact M (at most {Knockout.Probe.MaxTrain} train rows) and read on at most " +
            $"{Knockout.Probe.MaxValidation} validation rows; random units: of the subnet's size, the mean of {Format.Count(scores[0].WithoutRandom.Count, "draw")} (their range); " +
            ablation switch
            {
                Ablation.Mean => "a mean-ablated unit writes its mean output on the task's train rows (on a BERT, at the token's role); ",
                Ablation.Resample => "a resample-ablated unit writes its output on another train row, one drawn for each row read (on a BERT, by token role); ",
                _ => "",
            } + "\"alone\": every other unit ablated";
        console.WriteTable($"knock-out in M: a probe on M's whole output, with units {ablation.Participle()}", table, note);
    }
}
