using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Reports;

namespace Subx.Cli.Commands;

/// <summary>`subx report`: what to report on, and where the page goes.</summary>
public sealed class ReportSettings : CommandSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("An extraction folder (`subx extract --out`), an SE run folder (`subx train --out`) or a bench JSON file (`subx bench --json`).")]
    public string Path { get; set; } = "";

    [CommandOption("--out <FILE>")]
    [Description("Where to write the page (default: report.html in the folder, or the bench file's name with .html). An extraction's or a run's figures are saved in its folder either way.")]
    public string? Out { get; set; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) return ValidationResult.Error("PATH: expected an extraction folder, an SE run folder or a bench JSON file, found nothing.");
        if (Out is not null && OutputPath.Problem("--out", Out, folder: false) is { } problem) return ValidationResult.Error(problem);
        // A page may replace a page, never anything else: not the files it is made from (a bench JSON,
        // subnet.json, metrics.jsonl, …) nor any other.
        if (Out is not null && File.Exists(Out) && System.IO.Path.GetExtension(Out).ToLowerInvariant() is not (".html" or ".htm"))
            return ValidationResult.Error($"--out: expected a new file or an HTML page to replace, found '{Out}', a file that is not a report; nothing was written.");
        return ValidationResult.Success();
    }
}

/// <summary>
/// Writes the HTML report (with PNG figures) of an extraction, an SE training run or a bench, from the
/// files they wrote: nothing is recomputed. `extract`, `train` and `bench --json` write theirs
/// themselves; this makes one again, or one for a folder written before reports existed.
/// </summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var target = Reports.Reports.For(settings.Path, settings.Out);
        target.Write();
        console.Summary(Written(target));
        return 0;
    }

    /// <summary>
    /// The report a command writes at its end, from the files it has just written. Its results are
    /// written already, so a report that cannot be made is a warning, not a failed command: the
    /// summary line still comes, and `subx report <paramref name="path"/>` can try again.
    /// </summary>
    internal static void WriteAfter(IAnsiConsole console, Reporter reporter, string path, Func<ReportTarget> make)
    {
        try
        {
            var target = make();
            target.Write();
            console.Summary(Written(target));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reporter.Warn($"the report was not written ({e.Message}); `subx report {path}` makes it from the files.");
        }
    }

    /// <summary>The line that says where a report went: `report: PATH (N figures, also as a.png, b.png in DIR)`.</summary>
    internal static string Written(ReportTarget target) =>
        $"report: {target.HtmlPath} ({Format.Count(target.Report.Figures.Count, "figure")}" +
        (target.FigureDir is null ? " inline" : $", also as {string.Join(", ", target.Report.Figures.Select(f => f.FileName))} in {target.FigureDir}") + ")";
}
