using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Extractors;
using Subx.Runs;

namespace Subx.Cli.Commands;

/// <summary>`subx bench`: which zoo, which extractors, what budget.</summary>
public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--host <ZOO_DIR>")]
    [Description("Zoo folder: every task is extracted in turn, with the other tasks as its distractors.")]
    public string? Host { get; set; }

    [CommandOption("--extractors <LIST>")]
    [Description("Comma list of extractor names; default: every registered extractor.")]
    public string? Extractors { get; set; }

    [CommandOption("--size <FRACTION>")]
    [Description("Size budget for every extractor, in (0, 1]; default: each task's truth size.")]
    public double? Size { get; set; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the results as JSON to this file.")]
    public string? Json { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of every extraction and fine-tune.")]
    [DefaultValue(0)]
    public int Seed { get; set; }

    /// <summary>The extractor names asked for, in order.</summary>
    public IReadOnlyList<string> ExtractorNames() => Extractors is null
        ? ExtractorRegistry.Names
        : Extractors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var host = ZooFolder.Check(Host);
        if (!host.Successful) return host;
        var names = ExtractorNames();
        if (names.Count == 0) return ValidationResult.Error($"--extractors: expected a comma list of {string.Join(", ", ExtractorRegistry.Names)}, found an empty list.");
        if (names.FirstOrDefault(n => !ExtractorRegistry.Names.Contains(n)) is { } unknown)
            return ValidationResult.Error($"--extractors: expected names among {string.Join(", ", ExtractorRegistry.Names)}, found '{unknown}'.");
        if (Size is double s && !(s > 0 && s <= 1))
            return ValidationResult.Error($"--size: expected a fraction of the host's unit parameters in (0, 1], found {Format.Plain(s)}.");
        if (Json is not null && (string.IsNullOrWhiteSpace(Json) || Directory.Exists(Json)))
            return ValidationResult.Error($"--json: expected a file to write, found {(string.IsNullOrWhiteSpace(Json) ? "nothing" : $"the folder '{Json}'")}.");
        return ValidationResult.Success();
    }
}

/// <summary>Runs every extractor on every task of a zoo and prints one table per task (the numbers come from <see cref="Bench"/>).</summary>
public sealed class BenchCommand(IAnsiConsole console) : Command<BenchSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var zoo = ZooFolder.Load(settings.Host!);
        var extractors = settings.ExtractorNames().Select(n => ExtractorRegistry.Create(n)).ToList();
        var options = new BenchOptions { Size = settings.Size, Seed = settings.Seed };
        var clock = Stopwatch.StartNew();

        var results = ProgressBar.Run(console, "bench", bar => Bench.Run(zoo, extractors, options, new Inline<BenchProgress>(p =>
        {
            bar.Describe($"{p.Task}: {p.Extractor}");
            bar.Report(p.Done / p.Total);
        })));

        foreach (var t in results)
        {
            string budget = t.SizeIsTruth ? $"the truth size {Format.Score(t.SizeBudget)}" : $"--size {Format.Score(t.SizeBudget)} (truth size {Format.Score(t.TruthSize)})";
            var table = new Table().Title($"{Markup.Escape(t.Task)} ({Markup.Escape(t.Kind)})")
                .Caption($"size budget: {budget}; scores are normalised (0 chance, 1 perfect); seconds of extraction")
                .AddColumn("extractor");
            foreach (var h in new[] { "reward", "score T", "score D (mean)", "size", "precision", "recall", "F1", "ROC-AUC", "seconds" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in t.Extractors)
                table.AddRow(Markup.Escape(r.Name), Format.Score(r.Reward), Format.Score(r.ScoreT), Format.Score(r.ScoreDistractors), Format.Score(r.Size),
                    Format.Score(r.Precision), Format.Score(r.Recall), Format.Score(r.F1), Format.Score(r.Auc), Format.Seconds(r.Seconds));
            console.Write(table);
        }

        if (settings.Json is { } json) AtomicFile.WriteAllText(json, Bench.ToJson(results).ToJsonString(Common.Json.Options));
        var best = extractors.Select(x => (x.Name, Auc: results.Average(t => t.Extractors.First(r => r.Name == x.Name).Auc))).MaxBy(x => x.Auc);
        console.Summary($"bench: {results.Count} tasks × {extractors.Count} extractors in {Format.Seconds(clock.Elapsed.TotalSeconds)} s; " +
            $"best mean ROC-AUC {best.Name} {Format.Score(best.Auc)}" + (settings.Json is null ? "" : $"; wrote {settings.Json}"));
        return 0;
    }
}
