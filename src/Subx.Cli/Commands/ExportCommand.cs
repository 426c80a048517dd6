using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Subx.Assister;
using Subx.Cli.Common;
using Subx.Hosts;
using Subx.Hosts.Bert;

namespace Subx.Cli.Commands;

/// <summary>`subx export`: which subnet, from which host, and where the model goes.</summary>
public sealed class ExportSettings : CommandSettings
{
    [CommandOption("--subnet <FILE>")]
    [Description("A subnet.json written by `subx extract`, or the folder holding it.")]
    public string? Subnet { get; set; }

    [CommandOption("--host <HOST>")]
    [Description("The host the subnet was extracted from (default: the one its subnet.json records, else minilm): `minilm`, `arcticxs`, a BERT .onnx file, a Hugging Face folder, or a zoo folder.")]
    public string? Host { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder to write the model into: a new folder, one holding none of the files an export writes, or an earlier export (default: `model` beside the subnet.json).")]
    public string? Out { get; set; }

    /// <summary>The manifest: --subnet itself, or the subnet.json in it when it is a folder (`subx extract --out`).</summary>
    public string SubnetFile => SubnetArgument.File(Subnet!);

    /// <summary>--out, or `model` beside the manifest.</summary>
    public string OutOrDefault => Out ?? Path.Combine(Path.GetDirectoryName(SubnetFile) ?? "", "model");

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (SubnetArgument.Check(Subnet) is { Successful: false } subnet) return subnet;
        if (Host is not null && HostArgument.Check(Host) is { Successful: false } host) return host;
        if (OutputPath.Problem("--out", OutOrDefault, folder: true) is { } problem) return ValidationResult.Error(problem);
        return ValidationResult.Success();
    }
}

/// <summary>
/// Writes a saved subnet as a model in its host's own format and shape, every unit outside it zeroed
/// (<see cref="SubnetModel"/>): for a BERT a Hugging Face BertModel folder, for an MLP host
/// `host.json` + `host.safetensors`. Then reads the files back and measures how exactly they compute M
/// with the other units zero-ablated.
/// </summary>
public sealed class ExportCommand(IAnsiConsole console, Reporter reporter) : Command<ExportSettings>
{
    /// <summary>Random inputs the written model is checked on.</summary>
    internal const int CheckRows = 32;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        string file = settings.SubnetFile, dir = settings.OutOrDefault;
        SubnetModel.CheckFolder(dir); // before the host is loaded: nothing is written over, and no time is spent, if the folder is taken
        var (host, subnet, manifest, _) = SubnetManifest.ReadWithHost(file, settings.Host, reporter, "exporting it from");

        var about = new JsonObject
        {
            ["host"] = host.Name,
            ["task"] = manifest["task"]?.DeepClone(),
            ["extractor"] = manifest["extractor"]?.DeepClone(),
            ["units"] = subnet.ToJsonUnits(),
            ["others"] = "zeroed",
        };
        var files = SubnetModel.Write(SubnetModel.Of(host.Host, subnet), dir, about);
        // Read back from disk, as anyone else would, and compared with M itself.
        IHost written = host.Host is BertHost ? BertLoader.LoadFolder(dir) : MlpHost.Load(dir);
        double difference = SubnetModel.MaxDifference(host.Host, subnet, written, CheckRows, seed: 0);

        double megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
        console.Summary($"{subnet.UnitCount} of {host.Host.Units.Count} units kept (size {Format.Score(subnet.Size)}); every other unit's weights are zero");
        console.Summary($"files: {string.Join(", ", files.Select(Path.GetFileName))} ({megabytes.ToString("F1", CultureInfo.InvariantCulture)} MB)");
        console.Summary($"read back, it computes M with the other units zero-ablated to within {difference.ToString("G2", CultureInfo.InvariantCulture)} " +
            $"(largest difference of the {(host.Host is BertHost ? "mean-pooled last hidden state" : "last hidden layer and of every head's logits")} on {CheckRows} random inputs)");
        console.Summary(host.Host is BertHost
            ? $"a Hugging Face BertModel folder: `--host {AsHost(dir)}` reads it in subx"
            : $"an MLP host's files (docs/FORMATS.md): MlpHost.Load reads them in Subx.Core");
        console.Summary($"wrote {dir}: {host.Name} with only the {subnet.UnitCount} units of {file}");
        return 0;
    }

    /// <summary>The folder as `--host` takes it: a folder named like a built-in host needs a path.</summary>
    private static string AsHost(string dir) => BertLoader.BuiltIn.ContainsKey(dir) ? "." + Path.DirectorySeparatorChar + dir : dir;
}
