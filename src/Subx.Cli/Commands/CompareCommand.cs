using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Cli.Common;
using Subx.Runs;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Cli.Commands;

/// <summary>`subx compare`: two or more saved subnets of one host.</summary>
public sealed class CompareSettings : CommandSettings
{
    [CommandArgument(0, "<SUBNETS>")]
    [Description("Two or more subnet.json files written by `subx extract`, or the folders holding them, all of one host.")]
    public string[] Subnets { get; set; } = [];

    [CommandOption("--host <HOST>")]
    [Description("The host they were extracted from (default: the one their subnet.json files record, else minilm).")]
    public string? Host { get; set; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the subnets and every pair's overlap as JSON.")]
    public string? Json { get; set; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Subnets.Length < 2) return ValidationResult.Error($"SUBNETS: expected two or more subnet.json files or folders, found {Subnets.Length}.");
        foreach (var s in Subnets)
            if (SubnetArgument.Check(s) is { Successful: false } bad) return ValidationResult.Error(bad.Message!.Replace("--subnet", "SUBNETS", StringComparison.Ordinal));
        if (Host is not null && HostArgument.Check(Host) is { Successful: false } host) return host;
        if (Json is not null && OutputPath.Problem("--json", Json, folder: false) is { } problem) return ValidationResult.Error(problem);
        return ValidationResult.Success();
    }
}

/// <summary>
/// How much saved subnets of one host overlap: for each pair, the units and heads both keep and the
/// parameter-weighted Jaccard overlap, beside what random units of the same sizes share by chance —
/// as circuits found by different methods, or for different tasks, are compared.
/// </summary>
public sealed class CompareCommand(IAnsiConsole console, Reporter reporter) : Command<CompareSettings>
{
    /// <summary>Random pairs of the subnets' sizes whose mean overlap is the chance reference.</summary>
    internal const int ChanceDraws = 20;

    /// <inheritdoc />
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var files = settings.Subnets.Select(SubnetArgument.File).ToArray();
        var (host, firstSubnet, firstManifest, _) = SubnetManifest.ReadWithHost(files[0], settings.Host, reporter, "comparing it on");
        var manifests = new JsonNode[files.Length];
        var subnets = new Subnet[files.Length];
        (manifests[0], subnets[0]) = (firstManifest, firstSubnet);
        for (int i = 1; i < files.Length; i++)
        {
            // The host is loaded once: each other file must record the same one, or --host says which to read them all on.
            manifests[i] = Json.Read(files[i], $"a subnet manifest ({SubnetManifest.FileName}, as `subx extract` writes)");
            string? recorded = manifests[i] is JsonObject o && o["host"] is JsonValue v && v.TryGetValue<string>(out var r) ? r : null;
            if (recorded is not null && recorded != host.Name)
            {
                if (settings.Host is null)
                    throw SubxException.Bad(files[i], "host", $"'{host.Name}', the host of {files[0]} (or --host to read them all on one host)", $"'{recorded}'");
                reporter.Warn($"{files[i]} was extracted from host '{recorded}'; comparing it on '{host.Name}'.");
            }
            subnets[i] = SubnetManifest.ReadSubnet(files[i], host.Host).Subnet;
        }
        string Letter(int i) => i < 26 ? ((char)('A' + i)).ToString() : $"S{i + 1}";
        static string Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        static int Heads(Subnet s) => s.Units.Count(u => u.Kind == UnitKind.AttentionHead);

        var list = new Table().AddColumn("").AddColumn("subnet").AddColumn("task").AddColumn("extractor")
            .AddColumn(new TableColumn("units").RightAligned()).AddColumn(new TableColumn("heads").RightAligned()).AddColumn(new TableColumn("size").RightAligned());
        for (int i = 0; i < subnets.Length; i++)
            list.AddRow(Letter(i), Markup.Escape(files[i]), Markup.Escape(Text(manifests[i]["task"])), Markup.Escape(Text(manifests[i]["extractor"])),
                Count(subnets[i].UnitCount), Count(Heads(subnets[i])), Format.Score(subnets[i].Size));
        console.WriteTable($"subnets of {host.Name}:", list);

        var pairs = new List<(int A, int B, int Units, int Heads, double Jaccard, double Chance)>();
        for (int a = 0; a < subnets.Length; a++)
            for (int b = a + 1; b < subnets.Length; b++)
            {
                var both = subnets[a].Units.Intersect(subnets[b].Units).ToArray();
                pairs.Add((a, b, both.Length, both.Count(u => u.Kind == UnitKind.AttentionHead), subnets[a].Jaccard(subnets[b]), Chance(subnets[a], subnets[b])));
            }
        var table = new Table().AddColumn("pair").AddColumn(new TableColumn("units both keep").RightAligned())
            .AddColumn(new TableColumn("heads both keep").RightAligned()).AddColumn(new TableColumn("overlap").RightAligned())
            .AddColumn(new TableColumn("chance").RightAligned());
        foreach (var p in pairs)
            table.AddRow($"{Letter(p.A)}–{Letter(p.B)}", Count(p.Units), Count(p.Heads), Format.Score(p.Jaccard), Format.Score(p.Chance));
        console.Write(table);
        console.Summary($"overlap: |A∩B| / |A∪B| in unit parameters (1: the same subnet); chance: the same for random units of the two sizes, the mean of {ChanceDraws} draws");

        if (settings.Json is { } path)
        {
            var json = new JsonObject
            {
                ["host"] = host.Name,
                ["subnets"] = new JsonArray([.. subnets.Select((s, i) => (JsonNode)new JsonObject
                {
                    ["file"] = files[i], ["task"] = manifests[i]["task"]?.DeepClone(), ["extractor"] = manifests[i]["extractor"]?.DeepClone(),
                    ["units"] = s.UnitCount, ["heads"] = Heads(s), ["size"] = s.Size,
                })]),
                ["pairs"] = new JsonArray([.. pairs.Select(p => (JsonNode)new JsonObject
                {
                    ["a"] = p.A, ["b"] = p.B, ["units"] = p.Units, ["heads"] = p.Heads, ["overlap"] = p.Jaccard, ["chance"] = p.Chance,
                })]),
            };
            AtomicFile.WriteAllText(path, json.ToJsonString(Common.Json.Options));
        }
        var most = pairs.MaxBy(p => p.Jaccard - p.Chance);
        console.Summary($"{subnets.Length} subnets of {host.Name}: most alike {Letter(most.A)}–{Letter(most.B)}, overlap {Format.Score(most.Jaccard)} " +
            $"(chance {Format.Score(most.Chance)})" + (settings.Json is { } written ? $"; wrote {written}" : ""));
        return 0;
    }

    /// <summary>The mean overlap of random subnets of the two sizes (the draws <see cref="Scorer.RandomOfSize"/> makes, seeded).</summary>
    private static double Chance(Subnet a, Subnet b) => Enumerable.Range(0, ChanceDraws)
        .Average(k => Scorer.RandomOfSize(a.Space, a.Size, 2 * k).Jaccard(Scorer.RandomOfSize(b.Space, b.Size, 2 * k + 1)));

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
